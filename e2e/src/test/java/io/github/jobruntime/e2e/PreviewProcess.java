package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar job-runtime.jar preview -- java -jar EXAMPLE.jar SECONDS} as a real process, with the jars
 * the build made; its output goes to files in a test folder.
 */
final class PreviewProcess implements AutoCloseable {

    /** The repository: tests run in the e2e module's folder. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final Pattern URL = Pattern.compile("^preview: (http://\\S+/)$", Pattern.MULTILINE);

    private final Process process;
    private final Path folder;

    private PreviewProcess(Process process, Path folder) {
        this.process = process;
        this.folder = folder;
    }

    /**
     * Previews {@code example} (e.g. abortable_waiter) waiting {@code seconds}, the portal refreshing twice a second,
     * with further {@code options} of the preview such as {@code --sandbox}.
     */
    static PreviewProcess start(Path folder, String example, int seconds, String... options) {
        String launcher = jar("launcher/target/job-runtime.jar");
        String job = jar("examples/" + example + "/target/" + example + ".jar");
        String java = Shell.java();
        List<String> command = new ArrayList<>(List.of(java, "-jar", launcher, "preview", "--port", "0",
                "--refresh", "500ms", "--service-dir", folder.resolve("service").toString(),
                "--home-dir", folder.resolve("home").toString(), "--scratch-dir", folder.resolve("scratch").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("--", java, "-jar", job, Integer.toString(seconds)));
        try {
            // In the repository, as a developer runs it: the portal shows the command with these relative paths.
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectOutput(folder.resolve("preview.out").toFile())
                    .redirectError(folder.resolve("preview.err").toFile())
                    .start();
            return new PreviewProcess(process, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** {@return {@code path}, relative to the repository, once checked that the build made it} */
    private static String jar(String path) {
        Path jar = ROOT.resolve(path);
        assertTrue(Files.isRegularFile(jar), jar + " is missing - build it first: ./mvnw -B package -DskipTests");
        return path;
    }

    /** {@return the portal's URL, once the preview has printed it} */
    URI url() {
        await().atMost(Duration.ofSeconds(30)).until(() -> URL.matcher(stdout()).find());
        Matcher m = URL.matcher(stdout());
        assertTrue(m.find());
        return URI.create(m.group(1));
    }

    Path serviceDir() {
        return folder.resolve("service");
    }

    /** {@return the job's service-folder file, or "" while it does not exist} */
    String serviceFile(String name) {
        return Texts.readOrEmpty(serviceDir().resolve(name));
    }

    /** Both the preview's and the job's standard output: the preview passes the job's through. */
    String stdout() {
        return Texts.readOrEmpty(folder.resolve("preview.out"));
    }

    String stderr() {
        return Texts.readOrEmpty(folder.resolve("preview.err"));
    }

    /** Stops the preview as Ctrl-C would (SIGTERM); it cancels the job if it still runs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
