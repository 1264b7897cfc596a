package io.github.jobruntime.run;

import io.github.jobruntime.Control;
import io.github.jobruntime.MessageHandler;
import io.github.jobruntime.StatusTemplate;
import io.github.jobruntime.host.MpiRank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything a run is told: the runtime's settings, checked and merged from the builder, the environment and the
 * command line before the run starts.
 *
 * @param environment what the MPI rank and the batch system's end time are read from
 * @param template    the application's status page, or null for the default one
 * @param walltime    the wall-time limit given to the runtime, or null for the batch system's
 */
public record RunSettings(Path serviceDir, Path homeDir, Path scratchDir, String title, Duration statusInterval,
        int logLines, Duration cancelGrace, Duration abortGrace, int abortExitCode, Duration notifyPollInterval,
        boolean notifyWatch, Map<String, MessageHandler> handlers, List<Runnable> abortListeners,
        List<Control> controls, Clock clock, boolean rankAware, Map<String, String> environment,
        StatusTemplate template, Duration walltime) {

    public RunSettings {
        Objects.requireNonNull(serviceDir, "serviceDir");
        Objects.requireNonNull(homeDir, "homeDir");
        Objects.requireNonNull(scratchDir, "scratchDir");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(clock, "clock");
        handlers = Map.copyOf(handlers);
        abortListeners = List.copyOf(abortListeners);
        controls = List.copyOf(controls);
        environment = Map.copyOf(environment);
    }

    /** {@return this process's MPI rank when it is above 0 and the runtime is rank-aware: it then leaves /service alone} */
    public OptionalInt reportingSuppressedForRank() {
        return rankAware ? MpiRank.of(environment).stream().filter(rank -> rank > 0).findFirst() : OptionalInt.empty();
    }
}
