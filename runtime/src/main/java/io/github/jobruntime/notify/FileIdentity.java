package io.github.jobruntime.notify;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What tells a file (or folder) from a later one at the same path: its file key, the device and inode where the
 * file system has them, else its creation time, which tells re-created files apart on file systems without
 * inode-like keys (Windows).
 */
record FileIdentity(Object key) {

    FileIdentity {
        Objects.requireNonNull(key, "file key");
    }

    static FileIdentity of(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return new FileIdentity(key != null ? key : attributes.creationTime());
    }

    // Written out: a record's generated equals() is bootstrapped on its first call, and that first call, when the
    // platform's first message creates notifications.txt, cost an ABORT some 20 ms on its way to the result.
    @Override
    public boolean equals(Object other) {
        return other instanceof FileIdentity identity && key.equals(identity.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
