package io.github.jobruntime.process;

import io.github.jobruntime.JobContext;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the command's image files when they change and puts them on the page. A file read while the
 * command rewrites it in place would show a broken picture, so a read counts only if the file's size and time
 * did not change during it; otherwise the next tick tries again.
 */
final class ImageWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageWatcher.class);
    private static final long INTERVAL_MILLIS = 1_000;
    /** Files larger than this are not even read: the page's own cap is far below. */
    private static final long MAX_READ_BYTES = 64L * 1024 * 1024;

    private record Version(FileTime modified, long size) {
    }

    private final List<ImageFile> images;
    private final Path workDir;
    private final JobContext ctx;
    private final Map<Path, Version> shown = new HashMap<>();
    private final Set<Path> warned = new HashSet<>();
    private ScheduledExecutorService timer;

    ImageWatcher(List<ImageFile> images, Path workDir, JobContext ctx) {
        this.images = List.copyOf(images);
        this.workDir = workDir;
        this.ctx = ctx;
    }

    void start() {
        if (images.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-runtime-images");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops watching after a last look, so that the final page shows the final pictures. */
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
        for (ImageFile image : images) {
            Path file = workDir.resolve(image.path());
            try {
                Version before = version(file);
                if (before.equals(shown.get(file))) {
                    continue;
                }
                if (before.size() > MAX_READ_BYTES) {
                    warnOnce(file, "is " + before.size() / (1024 * 1024) + " MiB: too large to put on the page");
                    shown.put(file, before);
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (before.equals(version(file)) && bytes.length == before.size()) {
                    ctx.image(image.path().getFileName().toString(), bytes, image.mediaType());
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
            LOG.warn("image {} {}", file, problem);
        }
    }

    private static Version version(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Version(attributes.lastModifiedTime(), attributes.size());
    }
}
