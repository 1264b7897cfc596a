package io.github.jobruntime.launcher;

import io.github.jobruntime.run.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people type them, as the runtime's options do: {@code 500ms}, {@code 1s}, {@code 1.5s},
 * {@code 2m}, {@code 1h}, ISO-8601, or as Slurm's {@code --time} writes them: {@code 02:00:00}, {@code 1-12:00:00},
 * {@code 30:00} (minutes:seconds).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** A converter for a picocli option: {@code @Option(names = "--every", converter = DurationConverter.class)}. */
    public DurationConverter() {
    }

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
