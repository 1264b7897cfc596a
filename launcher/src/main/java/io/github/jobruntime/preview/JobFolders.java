package io.github.jobruntime.preview;

import io.github.jobruntime.io.Logs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The three folders the platform binds for a job, standing in for {@code /service}, {@code /home} and
 * {@code /scratch}.
 *
 * @param temp the temp folder made for the folders not given, which {@link #removeTemp()} removes
 */
public record JobFolders(Path service, Path home, Path scratch, Optional<Path> temp) {

    private static final Logger LOG = Logs.get(JobFolders.class);

    public JobFolders {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(temp, "temp");
    }

    /**
     * Uses the folders given, creating them when missing, and fresh ones side by side in one new temp folder
     * for those given as {@code null}.
     *
     * @throws UncheckedIOException naming the folder that cannot be created
     */
    public static JobFolders create(Path service, Path home, Path scratch) {
        Path temp = service != null && home != null && scratch != null ? null : tempFolder();
        return new JobFolders(folder(service, temp, "service"), folder(home, temp, "home"),
                folder(scratch, temp, "scratch"), Optional.ofNullable(temp));
    }

    /**
     * Removes the temp folder made for the folders not given, with all the job left in it; never a folder given.
     * Links in it are removed, not followed. What cannot be removed is logged.
     */
    public void removeTemp() {
        temp.ifPresent(JobFolders::removeTree);
    }

    private static void removeTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // removed already
        } catch (IOException e) {
            LOG.warn("cannot remove the preview's temp folder {}: {} - remove it by hand", root, e.toString());
        }
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("job-runtime-preview-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for the job's folders: " + e, e);
        }
    }

    private static Path folder(Path given, Path temp, String name) {
        Path dir = given != null ? given : temp.resolve(name);
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + name + " folder " + dir + ": " + e, e);
        }
    }
}
