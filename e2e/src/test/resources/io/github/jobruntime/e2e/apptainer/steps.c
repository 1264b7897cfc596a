/* A small MPI solver for the tests of the hybrid layout: SECONDS steps of a second each, every rank in step, rank 0
 * printing "Step I of N". Before each step rank 0 looks for the file "abort" in the working folder (what
 * job-runtime run --abort-file creates) and tells the other ranks, so that every rank stops at the same step and
 * ends with MPI_Finalize and code 0, as OpenFOAM does with its abort function object. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int steps = argc > 1 ? atoi(argv[1]) : 60;
    if (rank == 0) {
        printf("%d ranks, %d steps\n", size, steps);
        fflush(stdout);
    }
    for (int step = 1; step <= steps; step++) {
        int stop = rank == 0 && access("abort", F_OK) == 0;
        MPI_Bcast(&stop, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (stop) {
            if (rank == 0) {
                printf("abort file found before step %d: stopping every rank\n", step);
            }
            break;
        }
        struct timespec second = {1, 0};
        nanosleep(&second, NULL);
        MPI_Barrier(MPI_COMM_WORLD);
        if (rank == 0) {
            printf("Step %d of %d\n", step, steps);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
