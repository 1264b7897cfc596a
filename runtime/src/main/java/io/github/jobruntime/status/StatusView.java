package io.github.jobruntime.status;

import java.util.List;

/**
 * Everything the status template prints, already formatted: the template only lays it out (and escapes it).
 *
 * @param progressMeta machine-readable progress for scripts that read the page: {@code done/total}
 */
record StatusView(String title, String state, String stateLabel, boolean terminal, boolean determinate,
        String percent, String progressMeta, String doneText, String rate, String eta, String message,
        String startedAt, String elapsed, String updatedAt, String note, String result, List<String> logTail,
        String host, String runtimeVersion) {

    StatusView {
        logTail = List.copyOf(logTail);
    }
}
