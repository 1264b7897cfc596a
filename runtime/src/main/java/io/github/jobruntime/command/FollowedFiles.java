package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.notify.FileFollower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Reads the files that rules with a {@code file:PATH:} prefix name, line by line as the command appends to them,
 * and applies those rules to each line, as to a line of output (but not into the log tail). Each file is followed
 * by the notifications tailer's {@link FileFollower}: it may not exist yet, and may be replaced, rotated or
 * truncated and refilled. A file that was there before the command started is left alone until it changes, so
 * that a previous run's file is not charted as this one's; once it changes it is read from its start, as a program
 * that appends to it (a resumed training) would want its header and earlier rows read.
 */
final class FollowedFiles implements AutoCloseable {

    private static final Logger LOG = Logs.get(FollowedFiles.class);
    /** How often the files are looked at: a chart on a page rewritten every second needs no more. */
    private static final long INTERVAL_MILLIS = 500;

    /**
     * The rules that read one file.
     *
     * @param path relative to the command's working directory, or absolute
     */
    record Rules(Path path, List<OutputRule> rules, List<TableRule> tables) {

        Rules {
            Objects.requireNonNull(path, "path");
            rules = List.copyOf(rules);
            tables = List.copyOf(tables);
        }
    }

    /** What a file was before the command started: its identity, size and time. */
    private record Version(Object key, long size, FileTime modified) {
    }

    private final List<Followed> files = new ArrayList<>();
    private ScheduledExecutorService timer;

    /** Notes the files as they are now, before the command starts. */
    FollowedFiles(List<Rules> rules, Path workDir, JobContext ctx) {
        for (Rules file : rules) {
            Path path = workDir.resolve(file.path());
            OutputParser parser = new OutputParser(path.toString(), file.rules(), file.tables(), ctx, new ProgressLead());
            // The follower's consumer must not throw: a line that cannot be parsed is that line's loss alone.
            files.add(new Followed(path, version(path), new FileFollower(path, line -> {
                try {
                    parser.accept(line);
                } catch (RuntimeException e) {
                    LOG.warn("cannot parse a line of {}: {}", path, e.toString());
                }
            })));
        }
    }

    void start() {
        if (files.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("job-runtime-followed-files"));
        // look() catches what a file can fail with, so the future holds nothing to look at.
        Future<?> unused = timer.scheduleWithFixedDelay(this::look, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops following after a last look, so that the final page has the last lines the command wrote. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                    LOG.warn("the reading of {} did not end within 2 s; its last lines may be missing", paths());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        look();
        files.forEach(file -> file.follower().close());
    }

    private synchronized void look() {
        for (Followed file : files) {
            try {
                if (!file.live) {
                    Version now = version(file.path());
                    if (now == null || now.equals(file.before())) {
                        continue;
                    }
                    file.live = true;
                }
                file.follower().check();
            } catch (IOException | RuntimeException e) {
                if (!file.warned) {
                    file.warned = true;
                    LOG.warn("cannot read {} for its rules: {} - it is tried again every {} ms", file.path(),
                            e.getMessage(), INTERVAL_MILLIS);
                }
            }
        }
    }

    private String paths() {
        return String.join(", ", files.stream().map(file -> file.path().toString()).toList());
    }

    private static Version version(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object key = attributes.fileKey();
            return new Version(key != null ? key : attributes.creationTime(), attributes.size(),
                    attributes.lastModifiedTime());
        } catch (NoSuchFileException notYet) {
            return null;
        } catch (IOException e) {
            LOG.debug("cannot look at {}: {}", path, e.getMessage());
            return null;
        }
    }

    /** One file: {@link #live} once it changed since the command started; the timer's thread only. */
    private static final class Followed {
        private final Path path;
        private final Version before;
        private final FileFollower follower;
        private boolean live;
        private boolean warned;

        Followed(Path path, Version before, FileFollower follower) {
            this.path = path;
            this.before = before;
            this.follower = follower;
        }

        Path path() {
            return path;
        }

        Version before() {
            return before;
        }

        FileFollower follower() {
            return follower;
        }
    }
}
