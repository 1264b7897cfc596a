package io.github.jobruntime.host;

import io.github.jobruntime.JobConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Reads this process's MPI rank from the variables the common launchers set. */
public final class MpiRank {

    /** Open MPI, PMIx (Open MPI 5, Slurm's srun --mpi=pmix), MPICH/Intel MPI's PMI, Slurm tasks. */
    public static final List<String> VARIABLES = List.of("OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID");

    private MpiRank() {
    }

    /** {@return the first rank found in {@code environment}, empty when no launcher set one} */
    public static OptionalInt of(Map<String, String> environment) {
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                try {
                    return OptionalInt.of(Integer.parseInt(value.strip()));
                } catch (NumberFormatException e) {
                    throw new JobConfigurationException(variable + "=" + value + " is not an MPI rank - "
                            + "unset it, or pass --rank-aware=false to ignore MPI ranks");
                }
            }
        }
        return OptionalInt.empty();
    }
}
