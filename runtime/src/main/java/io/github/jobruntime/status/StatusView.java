package io.github.jobruntime.status;

import io.github.jobruntime.Control;
import java.util.List;

/**
 * Everything the status template prints, already formatted: the template only lays it out (and escapes it).
 *
 * @param progressMeta machine-readable progress for scripts that read the page: {@code done/total}
 */
record StatusView(String title, String state, String stateLabel, boolean terminal, boolean determinate,
        String percent, String progressMeta, String doneText, String rate, String eta, String message,
        String startedAt, String elapsed, String updatedAt, String note, String noteDetail, String result, List<String> logTail,
        List<Control> controls, List<ReceivedLine> received, String host, String runtimeVersion) {

    /** A received message with its time formatted. */
    record ReceivedLine(String time, String message, String outcome, String detail) {
    }

    StatusView {
        logTail = List.copyOf(logTail);
        controls = List.copyOf(controls);
        received = List.copyOf(received);
    }
}
