package io.github.jobruntime.bench;

/** A measurement could not be made (a child process failed, a file never appeared): the harness is broken. */
final class HarnessException extends RuntimeException {

    HarnessException(String message) {
        super(message);
    }

    HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
