package io.github.jobruntime.status;

import java.time.Instant;

/** A control message the job received, as the page lists it. */
record Received(Instant at, String message, String outcome, String detail) {
}
