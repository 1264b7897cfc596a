package io.github.jobruntime.command;

import io.github.jobruntime.os.Signal;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code --on MESSAGE=ACTION} does with a control message. The message text never reaches a shell. */
public sealed interface MessageAction {

    /** {@code signal:NAME}: sends the signal to the command's own process. */
    record SendSignal(Signal signal) implements MessageAction {
    }

    /** {@code stdin}: writes the whole message line to the command's standard input. */
    record WriteStdin() implements MessageAction {
    }

    /** {@code touch:PATH}: creates the file or updates its time, e.g. a stop file the solver polls. */
    record Touch(Path file) implements MessageAction {
    }

    /**
     * A message word and its action, from {@code MESSAGE=ACTION}.
     *
     * @param message the message's command word, e.g. {@code CHECKPOINT}
     */
    record On(String message, MessageAction action) {

        private static final String EXAMPLE = " - e.g. CHECKPOINT=signal:USR1, STEER=stdin or STOP=touch:stop.now";

        /**
         * Reads an {@code --on MESSAGE=ACTION} specification.
         *
         * @throws IllegalArgumentException saying what is wrong, with an example
         */
        public static On parse(String spec) {
            int equals = spec.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("\"" + spec + "\" is not MESSAGE=ACTION" + EXAMPLE);
            }
            String message = spec.substring(0, equals).strip();
            String action = spec.substring(equals + 1).strip();
            if (message.isEmpty() || message.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("the message in \"" + spec + "\" must be one word" + EXAMPLE);
            }
            if (message.equals("ABORT")) {
                throw new IllegalArgumentException("ABORT is built in: it stops the command's whole process tree - "
                        + "choose its signal with --abort-signal, and give other actions other messages");
            }
            String lower = action.toLowerCase(Locale.ROOT);
            if (lower.startsWith("signal:")) {
                return new On(message, new SendSignal(Signal.parse(action.substring("signal:".length()))));
            }
            if (lower.equals("stdin")) {
                return new On(message, new WriteStdin());
            }
            if (lower.startsWith("touch:") && action.length() > "touch:".length()) {
                return new On(message, new Touch(Path.of(action.substring("touch:".length()))));
            }
            throw new IllegalArgumentException("unknown action \"" + action + "\" in \"" + spec
                    + "\": use signal:NAME, stdin or touch:PATH" + EXAMPLE);
        }
    }
}
