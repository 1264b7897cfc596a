package io.github.jobruntime.preview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The three folders the platform binds for a job, standing in for {@code /service}, {@code /home} and
 * {@code /scratch}.
 */
public record JobFolders(Path service, Path home, Path scratch) {

    public JobFolders {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(scratch, "scratch");
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
                folder(scratch, temp, "scratch"));
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
