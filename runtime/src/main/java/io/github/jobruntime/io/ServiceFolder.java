package io.github.jobruntime.io;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The folder the platform bind-mounts at {@code /service}: the job writes {@code status.html} and
 * {@code result.txt} there, the platform appends control messages to {@code notifications.txt}.
 *
 * @param dir the folder
 */
public record ServiceFolder(Path dir) {

    /** What result.txt says while the job runs: the platform reads it only when the job was killed. */
    public static final String UNSET = Platform.RESULT_UNSET;
    private static final String RESULT = Platform.RESULT_FILE;
    private static final String STATUS = Platform.STATUS_FILE;
    private static final String BIND_HINT = "bind a writable folder with -B DIR:/service, "
            + "or give another folder with --service-dir DIR (environment JOB_RUNTIME_SERVICE_DIR)";

    public ServiceFolder {
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Checks that {@code dir} is a folder this process can write to.
     *
     * @throws JobConfigurationException naming the path and the fix when it is not
     */
    public static ServiceFolder open(Path dir) {
        ServiceFolder folder = locate(dir);
        folder.probeWritable();
        return folder;
    }

    /**
     * Checks that {@code dir} is a folder where the job's files can go, without writing anything.
     *
     * @throws JobConfigurationException naming the path and the fix when it is not
     */
    public static ServiceFolder locate(Path dir) {
        if (!Files.exists(dir)) {
            throw new JobConfigurationException("service folder " + dir + " does not exist - " + BIND_HINT);
        }
        if (!Files.isDirectory(dir)) {
            throw new JobConfigurationException("service folder " + dir + " is not a folder - " + BIND_HINT);
        }
        for (String name : List.of(RESULT, STATUS)) {
            Path file = dir.resolve(name);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new JobConfigurationException(file + " is a folder, where the job must write its " + name
                        + " file - remove it, or give another folder with --service-dir DIR");
            }
        }
        return new ServiceFolder(dir);
    }

    /**
     * Checks that this process can create files in the folder.
     *
     * @throws JobConfigurationException naming the path and the fix when it cannot
     */
    public void probeWritable() {
        // Files.isWritable trusts permission bits; only a real write tells about read-only mounts and quotas.
        // Not Files.createTempFile: its SecureRandom loads the security providers, 2 MB at every job start.
        try {
            Files.delete(Files.createFile(AtomicFile.tempFor(dir.resolve("probe"))));
        } catch (IOException e) {
            throw unwritable(dir, e);
        }
    }

    /** {@return the error of a service folder where this process cannot write} */
    static JobConfigurationException unwritable(Path dir, IOException e) {
        return new JobConfigurationException(
                "cannot write to service folder " + dir + " (" + AtomicFile.describe(e) + ") - " + BIND_HINT, e);
    }

    /** {@return the live status page the platform shows to the user} */
    public Path statusFile() {
        return dir.resolve(STATUS);
    }

    /** {@return the job's single output, read once by the platform when the job has ended} */
    public Path resultFile() {
        return dir.resolve(RESULT);
    }

    /** {@return where the platform appends control messages, one per line; absent until the first one} */
    public Path notificationsFile() {
        return dir.resolve(Platform.NOTIFICATIONS_FILE);
    }
}
