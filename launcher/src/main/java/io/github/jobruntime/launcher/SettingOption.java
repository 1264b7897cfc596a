package io.github.jobruntime.launcher;

import io.github.jobruntime.run.Setting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * A runtime setting as a picocli option, its name, parameter and help taken from the settings' table: the options
 * mixin has one per setting, {@link ServiceDirOption} the service folder's.
 */
final class SettingOption {

    /**
     * Types picocli reads itself: left to it, so that its messages stay ("'soon' is not an int"); the table's parser
     * reads the rest (durations).
     */
    private static final Set<Class<?>> PICOCLI_TYPES = Set.of(String.class, Integer.class, Boolean.class, Path.class);

    private SettingOption() {
    }

    /**
     * {@return the option of {@code setting}; what the command line gives goes into {@code given} under the option's
     * name, a value picocli resets the option to (null) takes it out}
     */
    static OptionSpec of(Setting<?> setting, Map<String, Object> given) {
        OptionSpec.Builder option = OptionSpec.builder(setting.option()).paramLabel(setting.label())
                .type(setting.type()).description(setting.description()).setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        Object previous = value == null ? given.remove(setting.option())
                                : given.put(setting.option(), value);
                        @SuppressWarnings("unchecked") // picocli's contract: the previous value, of the same type
                        T old = (T) previous;
                        return old;
                    }
                });
        if (setting.type() == Boolean.class) {
            option.arity("1");
        }
        if (!PICOCLI_TYPES.contains(setting.type())) {
            option.converters(text -> {
                try {
                    return setting.parse().apply(text);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            });
        }
        return option.build();
    }
}
