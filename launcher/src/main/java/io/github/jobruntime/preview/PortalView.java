package io.github.jobruntime.preview;

import java.util.List;

/**
 * Everything the portal page prints, already worded: the template only lays it out (and escapes it).
 *
 * @param state         a CSS class: the page's own state, or {@code ended}, {@code starting}, {@code running}
 * @param process       what became of the command ("running, pid 42", "exit code 0"), empty when attached
 * @param elapsedLabel  "Elapsed" for a command the preview started, "Watching for" when attached
 * @param ticking       whether the elapsed time still grows, so the page counts on between refreshes
 * @param headMissing   the page has no {@code <head>}: the platform cannot inject {@code notify_running_job}
 * @param result        result.txt once the job has ended, else empty
 * @param statusVersion changes whenever status.html is replaced, so the portal reloads the frame only then
 * @param frameSandbox  the frame's {@code sandbox} attribute, or {@code null} for none
 */
record PortalView(String serviceDir, String command, String state, String stateLabel, String process,
        String elapsedLabel, long elapsedMillis, boolean ticking, boolean ended, boolean statusMissing,
        boolean headMissing, String result, List<SentLine> sent, long sentCount, String statusVersion,
        long refreshMillis, String frameSandbox, String runtimeVersion) {

    /** A sent message with its time formatted. */
    record SentLine(String time, String message) {
    }

    PortalView {
        sent = List.copyOf(sent);
    }
}
