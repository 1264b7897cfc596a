package io.github.jobruntime;

import io.github.jobruntime.run.Run;
import io.github.jobruntime.run.RunSettings;
import io.github.jobruntime.run.Settings;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.log.LogTail;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link JobContext} of one run: what the job sees of it. The run's life is the {@link Run}'s; this adapter
 * writes to its page's model and reads its stop request. Not the run itself, whose methods the job must not call.
 * It is also the page's {@link LogTail} for a command's output, which redraws its newest lines (outside the API).
 */
final class JobExecution implements JobContext, LogTail {

    private final Run run;
    private final RunSettings settings;
    private final StatusModel model;

    JobExecution(Run run, RunSettings settings) {
        this.run = run;
        this.settings = settings;
        this.model = run.model();
    }

    @Override
    public void progress(long done, long total) {
        model.progress(done, total);
    }

    @Override
    public void progress(double done, double total) {
        model.progress(done, total);
    }

    @Override
    public void progressPercent(double percent) {
        model.progressPercent(percent);
    }

    @Override
    public void message(String text) {
        model.message(text);
    }

    @Override
    public void log(String line) {
        System.out.println(line);
        model.log(line);
    }

    @Override
    public void tail(String line) {
        model.log(line);
    }

    @Override
    public void add(String line) {
        model.log(line);
    }

    @Override
    public void replaceLast(int count, List<String> lines) {
        model.redrawLog(count, lines);
    }

    @Override
    public void metric(String name, double value) {
        model.metric(name, value, settings.clock().instant());
    }

    @Override
    public void image(String name, byte[] bytes, String mediaType) {
        model.image(name, bytes, mediaType);
    }

    @Override
    public Path homeDir() {
        return settings.get(Settings.HOME_DIR);
    }

    @Override
    public Path scratchDir() {
        return settings.get(Settings.SCRATCH_DIR);
    }

    @Override
    public Path serviceDir() {
        return settings.get(Settings.SERVICE_DIR);
    }

    @Override
    public boolean isAbortRequested() {
        return run.stop() != null;
    }

    @Override
    public Optional<JobState> stopRequest() {
        return Optional.ofNullable(run.stop()).map(Run.Stop::state);
    }

    @Override
    public Optional<Instant> stopDeadline() {
        return Optional.ofNullable(run.stop()).map(Run.Stop::deadline);
    }

    @Override
    public void checkAbort() {
        Run.Stop request = run.stop();
        if (request != null) {
            throw new JobAbortedException(request.text());
        }
    }

    @Override
    public void fact(String name, String value) {
        model.fact(name, value);
    }

    @Override
    public void section(String title, String html) {
        model.section(title, html);
    }
}
