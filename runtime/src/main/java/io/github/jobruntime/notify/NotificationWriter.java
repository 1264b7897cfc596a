package io.github.jobruntime.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends control messages to notifications.txt exactly as the platform does. */
public final class NotificationWriter {

    private NotificationWriter() {
    }

    /**
     * Appends {@code message} and a newline in one append, creating the file when absent.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void append(Path file, String message) {
        ByteBuffer bytes = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e, e);
        }
    }
}
