package io.github.jobruntime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A folder nobody may write to, not even root: {@code chattr +i} where the file system supports it (root
 * ignores permission bits), permission bits otherwise.
 */
public final class ReadOnlyFolder implements AutoCloseable {

    private final Path dir;
    private final boolean immutable;

    private ReadOnlyFolder(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
            boolean immutable = run("chattr", "+i", dir.toString());
            if (!immutable) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
            return new ReadOnlyFolder(dir, immutable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            if (immutable) {
                run("chattr", "-i", dir.toString());
            } else {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean run(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
