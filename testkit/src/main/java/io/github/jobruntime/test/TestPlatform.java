package io.github.jobruntime.test;

import io.github.jobruntime.Job;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The platform, for a test: fresh {@code home}, {@code scratch} and {@code service} folders, jobs started against
 * them as the platform starts them, messages appended to {@code notifications.txt} as the platform appends them,
 * and the page and result read as the platform reads them. As a JUnit 5 extension it makes new folders before
 * each test and stops the test's jobs and deletes the folders after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestPlatform platform = new TestPlatform();
 *
 * @Test
 * void abortStopsTheJob() {
 *     try (RunningJob job = platform.startJar(Path.of("target/myapp.jar"), "60")) {
 *         job.awaitDone(2);
 *         job.send("ABORT");
 *         assertEquals("ABORTED: requested by user", job.awaitEnd().result(), job.report());
 *     }
 * }
 * }</pre>
 *
 * Without JUnit, {@link #in(Path)} makes the folders under a given one, and {@link #close()} stops the jobs.
 */
public final class TestPlatform implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    /** How long every wait lasts by default before it fails: generous for a loaded build machine. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Duration patience;
    private final List<RunningJob> jobs = new CopyOnWriteArrayList<>();
    private volatile Path root;
    private volatile boolean ownsRoot;

    /** A platform for {@code @RegisterExtension}, waiting {@link #DEFAULT_PATIENCE} at most. */
    public TestPlatform() {
        this(DEFAULT_PATIENCE);
    }

    /** A platform for {@code @RegisterExtension} whose waits fail after {@code patience}. */
    public TestPlatform(Duration patience) {
        if (patience.isNegative() || patience.isZero()) {
            throw new IllegalArgumentException("patience must be positive, got " + patience);
        }
        this.patience = patience;
    }

    /** {@return a platform whose folders are {@code root/home}, {@code root/scratch} and {@code root/service}} */
    public static TestPlatform in(Path root) {
        return in(root, DEFAULT_PATIENCE);
    }

    /** {@return a platform on the folders of {@link #in(Path)} whose waits fail after {@code patience}} */
    public static TestPlatform in(Path root, Duration patience) {
        TestPlatform platform = new TestPlatform(patience);
        platform.makeFolders(root);
        return platform;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        makeFolders(Files.createTempDirectory("job-runtime-test-"));
        ownsRoot = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        if (ownsRoot) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void makeFolders(Path folder) {
        root = folder.toAbsolutePath();
        for (Path dir : List.of(home(), scratch(), service())) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
    }

    private Path root() {
        Path current = root;
        if (current == null) {
            throw new IllegalStateException("the test platform has no folders yet: register it with"
                    + " @RegisterExtension, or make it with TestPlatform.in(folder)");
        }
        return current;
    }

    /** {@return the folder that stands in for {@code /home}} */
    public Path home() {
        return root().resolve("home");
    }

    /** {@return the folder that stands in for {@code /scratch}} */
    public Path scratch() {
        return root().resolve("scratch");
    }

    /** {@return the folder that stands in for {@code /service}} */
    public Path service() {
        return root().resolve("service");
    }

    /** {@return how long a wait lasts before it fails} */
    public Duration patience() {
        return patience;
    }

    /**
     * Runs {@code job} in this JVM on a thread of its own, with {@code runtime}'s settings and this platform's
     * folders.
     *
     * @throws IllegalStateException when a {@code JOB_RUNTIME_*_DIR} variable is set in this JVM's environment:
     *                               it would beat the folders given here
     */
    public RunningJob start(JobRuntime.Builder runtime, Job job) {
        for (String variable : List.of("JOB_RUNTIME_SERVICE_DIR", "JOB_RUNTIME_HOME_DIR", "JOB_RUNTIME_SCRATCH_DIR")) {
            if (System.getenv(variable) != null) {
                throw new IllegalStateException(variable + "=" + System.getenv(variable) + " is set in the tests'"
                        + " environment and beats the test platform's folders for a job in this JVM - unset it, or"
                        + " start the job as a child process (startMain, startJar, start(command))");
            }
        }
        JobRuntime built = runtime.serviceDir(service()).homeDir(home()).scratchDir(scratch()).build();
        String name = "in-process job " + SEQUENCE.incrementAndGet();
        return track(new RunningJob(this, new InProcessRunner(built, job, name, this), name));
    }

    /**
     * Starts {@code command} as a child process in the {@code home} folder, the way the platform's image would run
     * it: {@code JOB_RUNTIME_SERVICE_DIR}, {@code JOB_RUNTIME_HOME_DIR} and {@code JOB_RUNTIME_SCRATCH_DIR} name this
     * platform's folders, as the base layer's environment names {@code /service}, {@code /home} and
     * {@code /scratch}. Its standard output and error are kept for {@link RunningJob#output()}.
     */
    public RunningJob start(List<String> command) {
        String name = Path.of(command.get(0)).getFileName() + "-" + SEQUENCE.incrementAndGet();
        Path log = root().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JOB_RUNTIME_SERVICE_DIR", service().toString());
        builder.environment().put("JOB_RUNTIME_HOME_DIR", home().toString());
        builder.environment().put("JOB_RUNTIME_SCRATCH_DIR", scratch().toString());
        try {
            return track(new RunningJob(this, new ProcessRunner(builder.start(), log), name + " " + command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** Starts {@code java -jar jar args...} with this JVM's {@code java}; see {@link #start(List)}. */
    public RunningJob startJar(Path jar, String... args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar.toAbsolutePath() + " - build it first (mvn package)");
        }
        return start(javaCommand(List.of("-jar", jar.toAbsolutePath().toString()), args));
    }

    /**
     * Starts {@code mainClass} in a child JVM with this JVM's class path, as its {@code main} would run in the image;
     * see {@link #start(List)}.
     */
    public RunningJob startMain(Class<?> mainClass, String... args) {
        return start(javaCommand(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()), args));
    }

    private static List<String> javaCommand(List<String> what, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A job's JVM in a test: start fast, stay small (the base layer's launcher uses the same flags).
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(what);
        command.addAll(List.of(args));
        return command;
    }

    private RunningJob track(RunningJob job) {
        jobs.add(job);
        return job;
    }

    /** {@return the platform's side of this platform's service folder, as the runtime exports it} */
    public Platform platform() {
        return Platform.at(service());
    }

    /**
     * Appends {@code message} and a newline to {@code notifications.txt} in one write, creating the file when it is
     * not there, as the platform does when a button on the page calls {@code notify_running_job(message)}; see
     * {@link Platform#send}.
     */
    public void send(String message) {
        platform().send(message);
    }

    /** {@return {@code status.html} as it is now} */
    public StatusPage page() {
        return new StatusPage(platform().page());
    }

    /**
     * {@return {@code result.txt} as it is now, {@code ""} while there is none} Unlike {@link Platform#result()} it
     * shows {@value Platform#RESULT_UNSET} while the job runs, for tests of that placeholder.
     */
    public String result() {
        return readOrEmpty(service().resolve(Platform.RESULT_FILE));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Stops every job this platform started that still runs. The folders stay. */
    @Override
    public void close() {
        for (RunningJob job : jobs) {
            job.close();
        }
        jobs.clear();
    }
}
