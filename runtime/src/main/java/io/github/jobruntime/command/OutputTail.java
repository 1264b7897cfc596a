package io.github.jobruntime.command;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.PlainText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last bytes the command wrote on its stdout and stderr, kept in the order they passed through, for the last
 * lines a failure's result quotes: what the command printed, whether or not the parser kept up with it. Kept as bytes,
 * and cut into lines only when asked, so that the copying threads do no more per read than an array copy.
 */
final class OutputTail {

    /** How much of each stream's output is kept. */
    static final int BYTES = 64 * 1024;
    /** Runs of one stream between switches to the other; a command that alternates more often keeps fewer. */
    private static final int RUNS = 1024;

    private final Object lock = new Object();
    /** Per stream, its last bytes: each its own, so that a long stdout does not push stderr's last lines out. */
    private final byte[][] rings = {new byte[BYTES], new byte[BYTES]};
    /** Per stream, the bytes added so far: where its next byte goes in its ring, modulo the ring's size. */
    private final long[] written = new long[2];
    private final int[] runStream = new int[RUNS];
    /** Where each run starts in its stream; a tail that does not reach back to a stream's start starts mid-line. */
    private final long[] runStart = new long[RUNS];
    private final int[] runLength = new int[RUNS];
    private int firstRun;
    private int runs;

    /** One of the two streams, to which its copying thread adds what passed through. */
    final class Source {
        private final int index;

        private Source(int index) {
            this.index = index;
        }

        /** Adds the first {@code length} bytes of {@code bytes}, just passed through. */
        void add(byte[] bytes, int length) {
            OutputTail.this.add(index, bytes, length);
        }
    }

    private final Source stdout = new Source(0);
    private final Source stderr = new Source(1);

    Source stdout() {
        return stdout;
    }

    Source stderr() {
        return stderr;
    }

    private void add(int stream, byte[] bytes, int length) {
        int from = Math.max(0, length - BYTES);
        int count = length - from;
        synchronized (lock) {
            long start = written[stream] + from;
            int last = (firstRun + runs - 1) % RUNS;
            if (runs > 0 && runStream[last] == stream && runLength[last] <= BYTES - count
                    && runStart[last] + runLength[last] == start) {
                runLength[last] += count;
            } else {
                if (runs == RUNS) {
                    firstRun = (firstRun + 1) % RUNS;
                    runs--;
                }
                int run = (firstRun + runs) % RUNS;
                runStream[run] = stream;
                runStart[run] = start;
                runLength[run] = count;
                runs++;
            }
            byte[] ring = rings[stream];
            int at = (int) (start % BYTES);
            int first = Math.min(count, BYTES - at);
            System.arraycopy(bytes, from, ring, at, first);
            System.arraycopy(bytes, from + first, ring, 0, count - first);
            written[stream] += length;
        }
    }

    /**
     * {@return up to {@code count} last lines of both streams, in the order they ended, as the page shows them:
     * without terminal escapes, blank ones left out} Up to half of them are stderr's last lines, wherever these came:
     * the two streams are read apart, so an error printed last may be read before the end of a long stdout.
     */
    List<String> lastLines(int count) {
        List<String> lines = new ArrayList<>();
        List<Integer> streamOf = new ArrayList<>();
        LineSplitter[] streams = new LineSplitter[2];
        boolean[] started = new boolean[2];
        for (int stream = 0; stream < 2; stream++) {
            int index = stream;
            streams[stream] = new LineSplitter("the command's output", true, line -> {
                String plain = PlainText.clean(line);
                if (!plain.isBlank()) {
                    lines.add(plain);
                    streamOf.add(index);
                }
            });
        }
        synchronized (lock) {
            for (int i = 0; i < runs; i++) {
                int run = (firstRun + i) % RUNS;
                int stream = runStream[run];
                long start = Math.max(runStart[run], written[stream] - BYTES);
                long end = runStart[run] + runLength[run];
                if (start >= end) {
                    continue;
                }
                byte[] bytes = copy(rings[stream], start, end);
                int from = 0;
                if (!started[stream]) {
                    started[stream] = true;
                    // A line whose start is no longer kept is not quoted in part.
                    from = start > 0 && !lineEndBefore(stream, start) ? afterFirstLineEnd(bytes) : 0;
                }
                streams[stream].feed(bytes, from, bytes.length);
            }
        }
        streams[0].finish();
        streams[1].finish();
        return last(lines, streamOf, count);
    }

    private static List<String> last(List<String> lines, List<Integer> streamOf, int count) {
        int errors = (int) streamOf.stream().filter(stream -> stream == 1).count();
        int outWanted = Math.min(lines.size() - errors, count - Math.min(errors, count / 2));
        int errWanted = Math.min(errors, count - outWanted);
        int[] wanted = {outWanted, errWanted};
        List<String> last = new ArrayList<>(count);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (wanted[streamOf.get(i)]-- > 0) {
                last.add(lines.get(i));
            }
        }
        Collections.reverse(last);
        return last;
    }

    private static byte[] copy(byte[] ring, long start, long end) {
        byte[] bytes = new byte[(int) (end - start)];
        int at = (int) (start % BYTES);
        int first = Math.min(bytes.length, BYTES - at);
        System.arraycopy(ring, at, bytes, 0, first);
        System.arraycopy(ring, 0, bytes, first, bytes.length - first);
        return bytes;
    }

    /** {@return whether the byte before {@code position} of {@code stream} is kept, and ends a line} */
    private boolean lineEndBefore(int stream, long position) {
        if (position - 1 < written[stream] - BYTES) {
            return false;
        }
        byte before = rings[stream][(int) ((position - 1) % BYTES)];
        return before == '\n' || before == '\r';
    }

    private static int afterFirstLineEnd(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i + 1;
            }
        }
        return bytes.length;
    }
}
