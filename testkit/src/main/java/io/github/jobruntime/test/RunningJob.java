package io.github.jobruntime.test;

import static org.awaitility.Awaitility.await;

import io.github.jobruntime.JobState;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A job a {@link TestPlatform} started, in this JVM or as a child process. Every wait gives up after the platform's
 * patience with a message that shows the page's text, {@code result.txt} and the job's output.
 */
public final class RunningJob implements AutoCloseable {

    /** How the job runs: a thread of this JVM or a child process. */
    interface Runner {
        boolean isRunning();

        /** The exit code, once the job has ended. */
        int exitCode();

        /** What the job printed so far, {@code ""} for a job in this JVM (its output goes to the test's). */
        String output();

        /** SIGTERM, as {@code scancel} or a wall-time limit sends it. */
        void terminate();

        /** Ends the job, whatever it is doing, when the test is over. */
        void stop(Duration patience);
    }

    private final TestPlatform platform;
    private final Runner runner;
    private final String name;

    RunningJob(TestPlatform platform, Runner runner, String name) {
        this.platform = platform;
        this.runner = runner;
        this.name = name;
    }

    /** Appends {@code message} to {@code notifications.txt} as the platform does; see {@link TestPlatform#send}. */
    public RunningJob send(String message) {
        platform.send(message);
        return this;
    }

    /** {@return the page as it is now} */
    public StatusPage page() {
        return platform.page();
    }

    /** {@return {@code result.txt} as it is now, {@code ""} while there is none} */
    public String result() {
        return platform.result();
    }

    /** {@return what the job printed so far; {@code ""} for a job in this JVM} */
    public String output() {
        return runner.output();
    }

    /** {@return whether the job is still running} */
    public boolean isRunning() {
        return runner.isRunning();
    }

    /** Sends SIGTERM to a child process, as {@code scancel} or the wall-time limit would. */
    public RunningJob terminate() {
        runner.terminate();
        return this;
    }

    /**
     * Waits until the page satisfies {@code condition}.
     *
     * @param what what the test waits for, in words, for the failure message
     * @return the page that satisfied it
     */
    public StatusPage awaitPage(String what, Predicate<StatusPage> condition) {
        StatusPage[] seen = new StatusPage[1];
        wait("the page to show " + what, () -> {
            seen[0] = page();
            return condition.test(seen[0]);
        });
        return seen[0];
    }

    /** Waits until the page shows {@code state}; see {@link #awaitPage}. */
    public StatusPage awaitState(JobState state) {
        return awaitPage("state " + state.name().toLowerCase(Locale.ROOT), p -> p.state().orElse(null) == state);
    }

    /** Waits until the page shows at least {@code done} units of work done; see {@link #awaitPage}. */
    public StatusPage awaitDone(double done) {
        return awaitPage("progress " + StatusPage.plain(done) + " or more", p -> p.done() >= done);
    }

    /** Waits for the job to end and returns its exit code, final page and result. */
    public Ending awaitEnd() {
        wait("the job to end", () -> !runner.isRunning());
        return new Ending(runner.exitCode(), platform.result(), platform.page());
    }

    private void wait(String what, java.util.concurrent.Callable<Boolean> condition) {
        Duration patience = platform.patience();
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(20)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + patience.toSeconds() + " s for " + what + " of " + name
                    + ", in vain\n" + report(), e);
        }
    }

    /** {@return the page, the result and the output as they are now, for failure messages} */
    public String report() {
        String output = runner.output();
        return "--- status.html: " + page() + "\n--- result.txt: " + (result().isEmpty() ? "(none)" : result())
                + (output.isEmpty() ? "" : "\n--- output of " + name + ":\n" + output);
    }

    /** Ends the job if it still runs: a child process is killed, a job in this JVM gets ABORT. */
    @Override
    public void close() {
        runner.stop(platform.patience());
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * How a job ended.
     *
     * @param exitCode what its process exits with (for a job in this JVM: {@code JobOutcome.exitCode()})
     * @param result   the final {@code result.txt}
     * @param page     the final page
     */
    public record Ending(int exitCode, String result, StatusPage page) {
    }
}
