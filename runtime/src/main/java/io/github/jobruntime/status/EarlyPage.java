package io.github.jobruntime.status;

import io.github.jobruntime.JobState;
import io.github.jobruntime.io.PlainText;
import java.time.Instant;
import java.util.List;

/**
 * The status pages of a job whose runtime does not exist yet: one while its command line is still parsed, and the
 * final one when that command line was wrong. Rendered with the default template (the application's own is not known yet), without the logger, whose
 * date format loads the locale data (tens of milliseconds at start).
 */
public final class EarlyPage {

    private EarlyPage() {
    }

    /** {@return the page of a job that is starting} */
    public static byte[] starting(String title, String host, String runtimeVersion, Instant now) {
        return render(title, JobState.STARTING, "", null, host, runtimeVersion, now);
    }

    /** {@return the final page of a job that ended before it ran, with {@code result} as its result} */
    public static byte[] failed(String title, String result, String host, String runtimeVersion, Instant now) {
        return render(title, JobState.FAILED, result, now, host, runtimeVersion, now);
    }

    private static byte[] render(String title, JobState state, String result, Instant endedAt, String host,
            String runtimeVersion, Instant now) {
        StatusSnapshot snapshot = new StatusSnapshot(PlainText.clean(title), state, 0, 0, "", List.of(), null, endedAt,
                "", "", null, PlainText.clean(result), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null, "", 0);
        return new StatusPage(host, runtimeVersion).render(snapshot, now, 0);
    }
}
