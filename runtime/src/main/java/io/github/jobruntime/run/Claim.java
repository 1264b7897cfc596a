package io.github.jobruntime.run;

import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.io.ServiceLock;
import io.github.jobruntime.notify.Backlog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * A run's hold on its service folder, taken before its first page: the folder's lock, so that a second launcher
 * refuses and touches nothing, and the {@link Backlog} of notifications.txt at that moment, so that every message
 * appended after the first page is the run's however late its tailer starts. The first page of
 * {@code Launcher.execute}, written before the command line is parsed, stakes the claim; the run takes it over.
 */
public final class Claim implements AutoCloseable {

    private static final Logger LOG = Logs.get(Claim.class);
    /** The claim of the first page, until its run takes it over; guarded by {@code Claim.class}. */
    private static Claim staked;

    private final ServiceFolder service;
    private final ServiceLock lock;
    private final Backlog backlog;

    private Claim(ServiceFolder service, ServiceLock lock, Backlog backlog) {
        this.service = service;
        this.lock = lock;
        this.backlog = backlog;
    }

    /**
     * Takes {@code dir} for the first page, which is to be written right after; the run of this process that
     * reports to the same folder takes the claim over.
     *
     * @throws io.github.jobruntime.JobConfigurationException when the folder is unusable or another job holds it
     */
    public static Claim stake(Path dir, String title, String host) {
        Claim claim = take(dir, title, host);
        synchronized (Claim.class) {
            staked = claim;
        }
        return claim;
    }

    /**
     * {@return the claim the first page staked on {@code dir}, or a new one, taken now} The run's first page must be
     * written right after.
     */
    static Claim forRun(Path dir, String title, String host) {
        synchronized (Claim.class) {
            Claim claim = staked;
            staked = null;
            if (claim != null && claim.service.dir().toAbsolutePath().normalize()
                    .equals(dir.toAbsolutePath().normalize())) {
                return claim;
            }
            if (claim != null) {
                claim.close();
            }
        }
        return take(dir, title, host);
    }

    private static Claim take(Path dir, String title, String host) {
        ServiceFolder service = ServiceFolder.locate(dir);
        ServiceLock lock = ServiceLock.take(dir, new ServiceLock.Holder(pid(), host, System.currentTimeMillis(), title));
        try {
            service.probeWritable();
            if (lock.held()) {
                // Every writer of the folder holds its lock, so another's temp file has lost its writer.
                int temps = AtomicFile.removeStaleTempFiles(dir);
                if (temps > 0) {
                    LOG.info("removed {} temp file(s) left in {} by an earlier run", temps, dir);
                }
            } else {
                LOG.warn("cannot lock {}: the file system has no locks here, so nothing keeps a second launcher out of "
                        + "{}, and temp files of earlier runs stay", lock.file(), dir);
            }
            return new Claim(service, lock, Backlog.of(service.notificationsFile()));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** This process's id, read from {@code /proc/self}: {@code ProcessHandle} starts a reaper thread, 10 ms. */
    private static String pid() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return Long.toString(ProcessHandle.current().pid());
        }
    }

    /** {@return the folder} */
    public ServiceFolder service() {
        return service;
    }

    /** {@return what notifications.txt held when the claim was taken: not the run's} */
    Backlog backlog() {
        return backlog;
    }

    /** Releases the folder; a claim the first page staked and no run took is released by its owner. */
    @Override
    public void close() {
        synchronized (Claim.class) {
            if (staked == this) {
                staked = null;
            }
        }
        lock.close();
    }
}
