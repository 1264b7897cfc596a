package io.github.jobruntime.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code notifications.txt} held at the moment a run's first page was written. Everything appended after that
 * moment belongs to the run, however late its tailer starts; what was there before was sent to an earlier run in a
 * reused folder, or before this run's page was up, and an old {@code ABORT} in it must not stop the run.
 */
public final class Backlog {

    private static final Backlog NONE = new Backlog(null, 0);

    /** The file at that moment; null when there was none. */
    final FileIdentity key;
    final long bytes;

    private Backlog(FileIdentity key, long bytes) {
        this.key = key;
        this.bytes = bytes;
    }

    /** {@return a backlog of nothing: every line of the file is the run's} */
    public static Backlog none() {
        return NONE;
    }

    /**
     * Notes what {@code file} holds now. A file that cannot be read (not a regular file) has no backlog here: its
     * tailer reports it.
     */
    public static Backlog of(Path file) {
        try {
            FileIdentity key = FileFollower.identityOf(file);
            return key == null ? NONE : new Backlog(key, Files.size(file));
        } catch (IOException e) {
            return NONE;
        }
    }

    /** {@return how many bytes are not the run's} */
    public long bytes() {
        return bytes;
    }
}
