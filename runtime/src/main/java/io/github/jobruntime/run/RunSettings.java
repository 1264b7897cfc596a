package io.github.jobruntime.run;

import io.github.jobruntime.Control;
import io.github.jobruntime.MessageHandler;
import io.github.jobruntime.StatusTemplate;
import io.github.jobruntime.host.MpiRank;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything a run is told: the values of the {@link Settings}, merged from the builder, the environment and the
 * command line and checked before the run starts, and what the application gave in code.
 *
 * @param values      each setting's value; one without a default and not given is left out
 * @param environment what the MPI rank and the batch system's end time are read from
 * @param template    the application's status page, or null for the default one
 */
public record RunSettings(Map<Setting<?>, Object> values, Map<String, MessageHandler> handlers,
        List<Runnable> abortListeners, List<Control> controls, Clock clock, Map<String, String> environment,
        StatusTemplate template) {

    public RunSettings {
        Objects.requireNonNull(clock, "clock");
        values = Map.copyOf(values);
        handlers = Map.copyOf(handlers);
        abortListeners = List.copyOf(abortListeners);
        controls = List.copyOf(controls);
        environment = Map.copyOf(environment);
    }

    /** {@return the value of {@code setting}, or null for one without a default that nobody gave (a walltime)} */
    public <T> T get(Setting<T> setting) {
        return setting.type().cast(values.get(setting));
    }

    /** {@return this process's MPI rank when it is above 0 and the runtime is rank-aware: it then leaves /service alone} */
    public OptionalInt reportingSuppressedForRank() {
        return get(Settings.RANK_AWARE) ? MpiRank.of(environment).stream().filter(rank -> rank > 0).findFirst()
                : OptionalInt.empty();
    }
}
