package io.github.jobruntime.command;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Re-reads files the command writes ({@code --image}, {@code --section}) when they change and puts them on the
 * page. A file read while the command rewrites it in place would show a broken picture or half a table, so a
 * read counts only if the file's size and time did not change during it; otherwise the next tick tries again.
 */
final class WatchedFiles implements AutoCloseable {

    private static final Logger LOG = Logs.get(WatchedFiles.class);
    private static final long INTERVAL_MILLIS = 1_000;

    /**
     * A file to show.
     *
     * @param path     relative to the command's working directory, or absolute
     * @param maxBytes larger files are not even read, with one warning: the page's own cap is below
     * @param show     puts the file's complete bytes on the page
     */
    record File(Path path, long maxBytes, Consumer<byte[]> show) {
    }

    private record Version(FileTime modified, long size) {
    }

    private final List<File> files;
    private final Path workDir;
    private final Map<Path, Version> shown = new HashMap<>();
    private final Set<Path> warned = new HashSet<>();
    private ScheduledExecutorService timer;

    WatchedFiles(List<File> files, Path workDir) {
        this.files = List.copyOf(files);
        this.workDir = workDir;
    }

    void start() {
        if (files.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("job-runtime-files"));
        // refresh() catches what a file can fail with, so the future holds nothing to look at.
        Future<?> unused = timer.scheduleWithFixedDelay(this::refresh, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops watching after a last look, so that the final page shows the final versions. */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refresh();
    }

    synchronized void refresh() {
        for (File watched : files) {
            Path file = workDir.resolve(watched.path());
            try {
                Version before = version(file);
                if (before.equals(shown.get(file))) {
                    continue;
                }
                if (before.size() > watched.maxBytes()) {
                    warnOnce(file, "is " + before.size() / 1024 + " KiB: too large to put on the page, which takes "
                            + watched.maxBytes() / 1024 + " KiB at most - write a smaller file");
                    shown.put(file, before);
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (before.equals(version(file)) && bytes.length == before.size()) {
                    watched.show().accept(bytes);
                    shown.put(file, before);
                }
            } catch (NoSuchFileException notYet) {
                // the command has not written it yet
            } catch (IOException | RuntimeException e) {
                warnOnce(file, "cannot be shown: " + e.getMessage());
            }
        }
    }

    private void warnOnce(Path file, String problem) {
        if (warned.add(file)) {
            LOG.warn("{} {}", file, problem);
        }
    }

    private static Version version(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Version(attributes.lastModifiedTime(), attributes.size());
    }
}
