package io.github.jobruntime.e2e.apptainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Pids;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A job run the way the platform runs it, in a real Apptainer, as the sid root's non-root user:
 * {@code apptainer exec -H HOME:/home -B SCRATCH:/scratch -B SERVICE:/service IMAGE COMMAND PARAMS}, with fresh
 * folders owned by that user. The process the test holds is the {@code apptainer} process itself, so
 * {@link #sigterm()} is the batch system's SIGTERM to it; {@link #abort()} appends ABORT from this machine, as the
 * platform does.
 */
final class ContainerJob implements AutoCloseable {

    /** Generous: a SIF becomes a temporary sandbox at every start here (no FUSE), on a shared, busy machine. */
    static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Path dir;
    private final Process process;
    private final long startNanos;

    private ContainerJob(Path dir, Process process, long startNanos) {
        this.dir = dir;
        this.process = process;
        this.startNanos = startNanos;
    }

    /** The command line before the image: what the platform runs, with {@code options} after {@code exec}. */
    static List<String> platform(String verb, List<String> options, Path dir) {
        List<String> argv = new ArrayList<>(List.of(SidRoot.TOOL, verb));
        argv.addAll(options);
        argv.addAll(List.of("-H", dir.resolve("home") + ":/home", "-B", dir.resolve("scratch") + ":/scratch",
                "-B", dir.resolve("service") + ":/service"));
        return argv;
    }

    /** Makes the job's home, scratch and service folders in {@code dir}, owned by the job's user. */
    static void folders(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String folder : List.of("home", "scratch", "service")) {
                Path path = Files.createDirectories(dir.resolve(folder));
                Files.setAttribute(path, "unix:uid", SidRoot.JOB_UID);
                Files.setAttribute(path, "unix:gid", SidRoot.JOB_UID);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the job's folders in " + dir, e);
        }
    }

    /** Starts {@code apptainer exec [options] -H … -B … -B … IMAGE COMMAND…} in fresh folders in {@code dir}. */
    static ContainerJob exec(SidRoot sid, Images images, Path dir, List<String> options, String image,
            List<String> command) {
        return start(sid, images, dir, Map.of(), "exec", options, image, command);
    }

    static ContainerJob start(SidRoot sid, Images images, Path dir, Map<String, String> env, String verb,
            List<String> options, String image, List<String> command) {
        folders(dir);
        List<String> argv = platform(verb, options, dir);
        argv.add(images.image(image).toString());
        argv.addAll(command);
        return launch(sid, images, dir, env, argv);
    }

    /** Starts {@code argv} in the sid root as the job's user, with the job's folders and the images visible. */
    static ContainerJob launch(SidRoot sid, Images images, Path dir, Map<String, String> env, List<String> argv) {
        long start = System.nanoTime();
        Process process = sid.start(SidRoot.JOB_USER, List.of(dir, images.folder()), env, dir.resolve("job.log"), argv);
        return new ContainerJob(dir, process, start);
    }

    Path service() {
        return dir.resolve("service");
    }

    Path scratch() {
        return dir.resolve("scratch");
    }

    Process process() {
        return process;
    }

    /** Waits for the page to show {@code state} and returns the milliseconds since the start. */
    long awaitState(JobState state) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            Optional<JobState> shown = Platform.at(service()).page().state();
            assertTrue(process.isAlive() || shown.isPresent(),
                    () -> "the job ended before its page showed " + state + ":\n" + log());
            return shown.orElse(null) == state;
        });
        return millisSince(startNanos);
    }

    /** Waits for the first status.html and returns the milliseconds since the start. */
    long awaitFirstPage() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> {
            assertTrue(process.isAlive() || Files.exists(service().resolve("status.html")),
                    () -> "the job ended without a page:\n" + log());
            return Files.exists(service().resolve("status.html"));
        });
        return millisSince(startNanos);
    }

    /** Waits until the page shows {@code done} units of work or more. */
    void awaitDone(long done) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertTrue(process.isAlive(), () -> "the job ended before it had done " + done + ":\n" + log());
            return Platform.at(service()).page().done().orElse(-1) >= done;
        });
    }

    /** What the platform does when Abort is clicked: ABORT and a newline, appended from outside the container. */
    void abort() {
        Platform.at(service()).send("ABORT");
    }

    /** What the batch system does on cancel or wall time: SIGTERM to the apptainer process. */
    void sigterm() {
        process.destroy();
    }

    /** Waits for result.txt to hold a final result and returns the milliseconds from {@code fromNanos}. */
    long awaitResult(long fromNanos) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                .until(() -> Platform.at(service()).result().isPresent());
        return millisSince(fromNanos);
    }

    /** Waits for the apptainer process to end and returns its exit code. */
    int exitCode() {
        try {
            assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), () -> "still running:\n" + log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** {@return the apptainer process and every process under it now: the container's among them} */
    Set<ProcessHandle> processes() {
        Set<ProcessHandle> all = new LinkedHashSet<>(process.descendants().toList());
        all.add(process.toHandle());
        return all;
    }

    /** Waits until none of {@code processes} runs. */
    static void awaitGone(Set<ProcessHandle> processes) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> processes.stream().noneMatch(p -> Pids.running(p.pid())));
    }

    String result() {
        return Platform.at(service()).result().orElse("");
    }

    String page() {
        return Platform.at(service()).page().html();
    }

    String log() {
        return Texts.readOrEmpty(dir.resolve("job.log"));
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @SuppressWarnings("AnnotateFormatMethod") // a report line of the test; @FormatMethod would need a dependency
    static void report(String format, Object... args) {
        System.out.printf("[apptainer] %s%n", String.format(format, args));
    }

    /** Leaves nothing running: what the test did not end, SIGKILL ends. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
