package io.github.jobruntime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real child JVM running a main class from the test class path, with its output captured in files, for
 * tests about processes and signals.
 */
public final class ChildJvm implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * {@return the command line that runs {@code mainClass} with {@code args} in a JVM like this one, on this
     * JVM's class path, tuned for a short life (C1 only, the serial GC), with native access as the executable jars
     * have it} For a child started another way: with pipes, or under mpirun.
     */
    public static List<String> command(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // As the executable jars' Enable-Native-Access manifest attribute: a launcher is a child subreaper
                // on Java 22 and later. Java 17 accepts the option.
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code mainClass} with {@code args}; output goes to files in {@code logDir}. */
    public static ChildJvm start(Path logDir, Class<?> mainClass, Map<String, String> env, String... args) {
        List<String> command = command(mainClass, args);
        String name = mainClass.getSimpleName() + "-" + SEQUENCE.incrementAndGet();
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildJvm(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a real SIGTERM, as scancel or a wall-time limit would. */
    public void sigterm() {
        signal("TERM");
    }

    /** Sends the named signal with kill(1). */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the exit and returns its code, failing after {@code seconds}. */
    public int exitCode(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM still running after " + seconds + " s; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
