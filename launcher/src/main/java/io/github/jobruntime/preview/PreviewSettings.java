package io.github.jobruntime.preview;

import io.github.jobruntime.JobConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a preview serves a job's service folder.
 *
 * @param serviceDir the job's service folder: status.html is read from it, notifications.txt appended to it
 * @param bind       the address to listen on; anything but a loopback address exposes the job to the network
 * @param port       the port, 0 for any free one
 * @param refresh    how often the portal reloads the job's page and its own header
 * @param sandboxed  shows the job's page in {@code <iframe sandbox="allow-scripts allow-same-origin">}, as a
 *                   strict portal does: no dialogs, forms, pop-ups or navigation of the portal
 */
public record PreviewSettings(Path serviceDir, String bind, int port, Duration refresh, boolean sandboxed) {

    /** Only this machine can reach the preview. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    public PreviewSettings {
        Objects.requireNonNull(serviceDir, "serviceDir");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(refresh, "refresh");
        if (bind.isBlank()) {
            throw new JobConfigurationException("the bind address is empty - give e.g. --bind " + DEFAULT_BIND);
        }
        if (port < 0 || port > 65_535) {
            throw new JobConfigurationException(
                    "port must be between 0 and 65535, got " + port + " - e.g. --port 8080, or --port 0 for a free one");
        }
        if (refresh.isNegative() || refresh.isZero()) {
            throw new JobConfigurationException("refresh must be positive, got " + refresh + " - e.g. --refresh 2s");
        }
    }
}
