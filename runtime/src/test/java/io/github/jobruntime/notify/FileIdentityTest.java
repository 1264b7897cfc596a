package io.github.jobruntime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {

    @TempDir
    Path temp;

    @Test
    void theSameFileHasTheSameIdentityAfterWritesAndARename() throws IOException {
        Path file = Files.writeString(temp.resolve("notifications.txt"), "ABORT\n");
        FileIdentity before = identity(file);

        Files.writeString(temp.resolve("notifications.txt"), "PING\n", StandardOpenOption.APPEND);
        Path moved = Files.move(file, temp.resolve("moved.txt"));

        assertEquals(before, identity(moved));
    }

    @Test
    void aFileRenamedOverThePathIsAnotherFile() throws IOException {
        Path file = Files.writeString(temp.resolve("notifications.txt"), "ABORT\n");
        FileIdentity before = identity(file);
        // Both exist at once, so the new one cannot take the old one's inode.
        Path next = Files.writeString(temp.resolve("next.txt"), "ABORT\n");

        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertNotEquals(before, identity(file));
    }

    @Test
    void withoutAFileKeyTheCreationTimeTellsFilesApart() {
        Instant created = Instant.parse("2026-03-01T14:03:12Z");

        assertEquals(new FileIdentity(FileTime.from(created)), FileIdentity.of(new Attributes(null, created)));
        assertNotEquals(FileIdentity.of(new Attributes(null, created)),
                FileIdentity.of(new Attributes(null, created.plusMillis(1))));
        assertEquals(new FileIdentity("inode 42"), FileIdentity.of(new Attributes("inode 42", created)));
    }

    private static FileIdentity identity(Path file) throws IOException {
        return FileIdentity.of(Files.readAttributes(file, BasicFileAttributes.class));
    }

    /** A file system's answer without the real one's file key, as on Windows. */
    private record Attributes(Object fileKey, Instant created) implements BasicFileAttributes {
        @Override
        public FileTime creationTime() {
            return FileTime.from(created);
        }

        @Override
        public FileTime lastModifiedTime() {
            return creationTime();
        }

        @Override
        public FileTime lastAccessTime() {
            return creationTime();
        }

        @Override
        public boolean isRegularFile() {
            return true;
        }

        @Override
        public boolean isDirectory() {
            return false;
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return 0;
        }
    }
}
