package io.github.jobruntime.bench;

import io.github.jobruntime.notify.NotificationWriter;
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
 * latency FILE COUNT MIN_GAP_US MAX_GAP_US   COUNT messages "PING seq appendNanos", each appended as the
 *                                            platform does (open, one write, close), random gaps between
 * burst FILE COUNT                           "BURST 0" .. "BURST COUNT-1", one write per line into the file held
 *                                            open; prints "first NANOS" and "last NANOS" (around the writes)
 * </pre>
 * Times are {@link System#nanoTime()}, which on Linux is CLOCK_MONOTONIC and so comparable between processes.
 */
public final class Appender {

    static final String PING = "PING";
    static final String BURST = "BURST";

    private Appender() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: latency FILE COUNT MIN_GAP_US MAX_GAP_US | burst FILE COUNT");
        }
        Path file = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "latency" -> latency(file, count, Long.parseLong(args[3]), Long.parseLong(args[4]));
            case "burst" -> burst(file, count);
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + " - latency or burst");
        }
    }

    private static void latency(Path file, int count, long minGapMicros, long maxGapMicros) throws IOException {
        warmUp();
        // Fixed seed: the same gaps every run, so runs differ only in what is measured.
        SplittableRandom random = new SplittableRandom(42);
        for (int seq = 0; seq < count; seq++) {
            LockSupport.parkNanos(random.nextLong(minGapMicros, maxGapMicros + 1) * 1_000);
            NotificationWriter.append(file, PING + " " + seq + " " + System.nanoTime());
        }
    }

    /**
     * Appends to a scratch file outside the watched folder first: the first append of a fresh JVM loads the
     * file-channel classes (~20 ms), which would otherwise count as the first message's latency.
     */
    private static void warmUp() throws IOException {
        Path scratch = Files.createTempFile("job-runtime-bench-", ".txt");
        try {
            for (int i = 0; i < 200; i++) {
                NotificationWriter.append(scratch, PING + " " + i + " " + System.nanoTime());
            }
        } finally {
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
