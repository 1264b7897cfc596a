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
}
