package io.github.jobruntime.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

    private static final String MESSAGES =
            IntStream.range(0, 60).mapToObj(i -> "message-" + i + "\n").collect(Collectors.joining());

    @TempDir
    Path temp;

    private final Fingerprint fingerprint = new Fingerprint();

    @Test
    void bytesReadOneAtATimeMatchTheFile() throws IOException {
        Path file = write(MESSAGES);
        byte[] bytes = MESSAGES.getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            fingerprint.read(new byte[] {bytes[i]}, 1, i);
        }

        assertTrue(matches(file, bytes.length));
    }

    @Test
    void aChangeInTheFirstBytesOrJustBeforeThePositionIsSeen() throws IOException {
        readAll(MESSAGES);
        int end = MESSAGES.length();

        assertFalse(matches(write("X" + MESSAGES.substring(1)), end), "first byte");
        assertFalse(matches(write(MESSAGES.substring(0, end - 2) + "X\n"), end), "byte before the position");
        assertFalse(matches(write(MESSAGES.substring(0, end - 1)), end), "file now shorter");
    }

    @Test
    void appendedBytesAndTheTakenFingerprintOfUnreadBytesMatch() throws IOException {
        Path file = write(MESSAGES + "PING\n");
        try (FileChannel channel = FileChannel.open(file)) {
            fingerprint.take(channel, MESSAGES.length());
        }

        assertTrue(matches(file, MESSAGES.length()));
    }

    @Test
    void nulBytesReadMayFillInLater() throws IOException {
        readAll("\0\0\0\0\0\n");

        assertTrue(matches(write("PING\n\n"), 6), "a network file system's hole filled in");
        assertFalse(matches(write("\0\0\0\0\0X"), 6), "a noted real byte changed");
    }

    private void readAll(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        fingerprint.read(bytes, bytes.length, 0);
    }

    private boolean matches(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return fingerprint.matches(channel, position);
        }
    }

    private Path write(String text) throws IOException {
        return Files.writeString(temp.resolve("notifications.txt"), text, UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
