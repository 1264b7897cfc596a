package io.github.jobruntime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.host.SlurmEndTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TerminationReasonTest {

    /** The end time as the runtime reads it from a job's environment. */
    private static String at(Instant now, Map<String, String> env) {
        return TerminationReason.at(now, SlurmEndTime.fromEnvironment(env).orElse(null));
    }

    private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");
    private static final Map<String, String> SLURM = Map.of("SLURM_JOB_END_TIME", Long.toString(END.getEpochSecond()));

    @Test
    void signalAtTheEndTimeIsTheWallTimeLimit() {
        assertEquals("wall-time limit reached (job end time 2026-03-01T12:00:00Z)", at(END, SLURM));
    }

    @Test
    void signalAfterTheEndTimeIsTheWallTimeLimit() {
        // Slurm checks time limits periodically, so its signal comes up to a minute after the end time.
        assertEquals("wall-time limit reached (job end time 2026-03-01T12:00:00Z)",
                at(END.plusSeconds(45), SLURM));
    }

    @Test
    void signalBeforeTheEndTimeIsJustASignal() {
        // scancel, or an early warning such as sbatch --signal=B:TERM@60
        assertEquals(TerminationReason.SIGNAL, at(END.minusMillis(1), SLURM));
    }

    @Test
    void withoutAnEndTimeItIsJustASignal() {
        assertEquals(TerminationReason.SIGNAL, at(END, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Unknown", "2026-03-01T12:00:00", "1.5"})
    void anEndTimeThatIsNotEpochSecondsIsIgnored(String value) {
        assertEquals(TerminationReason.SIGNAL, at(END, Map.of("SLURM_JOB_END_TIME", value)));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        Map<String, String> env = Map.of("SLURM_JOB_END_TIME", " " + END.getEpochSecond() + "\n");
        assertEquals("wall-time limit reached (job end time 2026-03-01T12:00:00Z)", at(END, env));
    }
}
