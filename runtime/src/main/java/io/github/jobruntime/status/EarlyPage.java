package io.github.jobruntime.status;

import io.github.jobruntime.JobState;
import io.github.jobruntime.io.PlainText;
import java.time.Instant;

/**
 * The status pages of a job whose runtime does not exist yet: one while its command line is still parsed, and the
 * final one when that command line was wrong. Rendered with the default template (the application's own is not
 * known yet), without the logger, whose date format loads the locale data (tens of milliseconds at start): no card
 * makes its logger before it has something to warn about.
 */
public final class EarlyPage {

    private EarlyPage() {
    }

    /** {@return the page of a job that is starting} */
    public static byte[] starting(String title, String host, String runtimeVersion, Instant now) {
        return render(model(title), host, runtimeVersion, now);
    }

    /** {@return the final page of a job that ended before it ran, with {@code result} as its result} */
    public static byte[] failed(String title, String result, String host, String runtimeVersion, Instant now) {
        StatusModel model = model(title);
        model.finish(JobState.FAILED, PlainText.clean(result), now);
        return render(model, host, runtimeVersion, now);
    }

    private static StatusModel model(String title) {
        StatusModel model = new StatusModel(title, 0);
        // No progress rather than an unknown total: the meta tag job-progress reads 0/0 until the job's model has it.
        model.progress(0, 0);
        return model;
    }

    private static byte[] render(StatusModel model, String host, String runtimeVersion, Instant now) {
        return new StatusPage(host, runtimeVersion).render(model.snapshot(), now, 0);
    }
}
