package io.github.jobruntime;

import java.util.Objects;

/**
 * A button on the status page that sends {@code message} to the running job through the platform's
 * {@code notify_running_job}. Controls disappear from the page when the job has ended.
 *
 * @param label        the button's text
 * @param message      what the platform appends to notifications.txt, e.g. {@code ABORT}
 * @param confirmation a question the user must confirm first, or empty for none
 */
public record Control(String label, String message, String confirmation) {

    public Control {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(confirmation, "confirmation");
        if (label.isBlank()) {
            throw new JobConfigurationException("a control needs a label, e.g. \"Abort\"");
        }
        if (message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new JobConfigurationException("control \"" + label + "\" needs a one-line message such as "
                    + "ABORT, got \"" + message + "\"");
        }
    }

    /** A control without a confirmation question. */
    public Control(String label, String message) {
        this(label, message, "");
    }
}
