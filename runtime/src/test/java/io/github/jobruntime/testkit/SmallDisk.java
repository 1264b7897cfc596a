package io.github.jobruntime.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real, tiny file system (a tmpfs of 64 KiB) that a test can fill up, so that writes fail with ENOSPC as on a
 * full disk. Mounting needs root; {@link #mount(Path)} skips the test otherwise, or fails it where CI requires
 * {@value #TOOL}.
 */
public final class SmallDisk implements AutoCloseable {

    /** The name CI lists in {@code jobruntime.required} to make these tests run. */
    public static final String TOOL = "tmpfs";

    private final Path dir;
    private final Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a 64 KiB tmpfs on {@code dir}, created if need be. */
    public static SmallDisk mount(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String failure = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString());
        Requirement.assume(TOOL, failure.isEmpty(), "cannot mount a tmpfs on " + dir + " (needs root and a "
                + "sandbox that allows mounts): " + failure);
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a file until the file system is full. */
    public void fill() {
        byte[] block = new byte[1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw new UncheckedIOException(full);
            }
        }
    }

    /** Gives the space taken by {@link #fill()} back. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        String failure = run("umount", "--lazy", dir.toString());
        if (!failure.isEmpty()) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + failure);
        }
    }

    /** {@return "" when {@code command} succeeded, else what it printed} */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 ? "" : output.isEmpty() ? String.join(" ", command) + " failed" : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
