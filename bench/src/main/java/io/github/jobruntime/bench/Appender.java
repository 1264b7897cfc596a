package io.github.jobruntime.bench;

import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A separate writer process standing in for the platform, appending to a notifications file:
 * <pre>
 * latency SERVICE_DIR COUNT MIN_GAP_US MAX_GAP_US   COUNT messages "PING seq appendNanos", each sent as the
 *                                                   platform does ({@link Platform#send}), random gaps between
 * burst FILE COUNT                                  "BURST 0" .. "BURST COUNT-1", one write per line into the file
 *                                                   held open; prints "first NANOS" and "last NANOS" (around the
 *                                                   writes)
 * </pre>
 * A burst holds the file open rather than sending each line as the platform does: an open and a close per line
 * would measure this writer's system calls, not how fast the tailer keeps up with lines arriving.
 * Times are {@link System#nanoTime()}, which on Linux is CLOCK_MONOTONIC and so comparable between processes.
 */
public final class Appender {

    static final String PING = "PING";
    static final String BURST = "BURST";

    private Appender() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: latency SERVICE_DIR COUNT MIN_GAP_US MAX_GAP_US | burst FILE COUNT");
        }
        Path path = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "latency" -> latency(Platform.at(path), count, Long.parseLong(args[3]), Long.parseLong(args[4]));
            case "burst" -> burst(path, count);
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + " - latency or burst");
        }
    }

    private static void latency(Platform platform, int count, long minGapMicros, long maxGapMicros)
            throws IOException {
        warmUp();
        // Fixed seed: the same gaps every run, so runs differ only in what is measured.
        SplittableRandom random = new SplittableRandom(42);
        for (int seq = 0; seq < count; seq++) {
            LockSupport.parkNanos(random.nextLong(minGapMicros, maxGapMicros + 1) * 1_000);
            platform.send(PING + " " + seq + " " + System.nanoTime());
        }
    }

    /**
     * Sends to a scratch folder outside the watched one first: the first append of a fresh JVM loads the
     * file-channel classes (~20 ms), which would otherwise count as the first message's latency.
     */
    private static void warmUp() throws IOException {
        Path scratch = Files.createTempDirectory("job-runtime-bench-");
        Platform platform = Platform.at(scratch);
        try {
            for (int i = 0; i < 200; i++) {
                platform.send(PING + " " + i + " " + System.nanoTime());
            }
        } finally {
            Files.deleteIfExists(platform.notificationsFile());
            Files.delete(scratch);
        }
    }

    private static void burst(Path file, int count) throws IOException {
        long first;
        long last;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            first = System.nanoTime();
            for (int i = 0; i < count; i++) {
                ByteBuffer line = ByteBuffer.wrap((BURST + " " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            }
            last = System.nanoTime();
        }
        System.out.println("first " + first);
        System.out.println("last " + last);
    }
}
