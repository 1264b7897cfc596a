package io.github.jobruntime.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Files that are not what a reader expects: a FIFO with no writer, a huge file that takes no disk. */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /** {@return {@code path}, made a FIFO with mkfifo(1)} */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    /** {@return {@code path}, made a sparse file of {@code length} bytes} */
    public static Path sparse(Path path, long length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(length);
        }
        return path;
    }
}
