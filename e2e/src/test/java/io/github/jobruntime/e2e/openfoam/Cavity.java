package io.github.jobruntime.e2e.openfoam;

import io.github.jobruntime.testkit.Requirement;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenFOAM's lid-driven {@code cavity} tutorial from Debian's {@code openfoam-examples}, copied into a folder of
 * the test's own, meshed with {@code blockMesh} and, for MPI, split in two with {@code decomposePar}.
 */
final class Cavity {

    static final Path TUTORIAL = Path.of("/usr/share/doc/openfoam-examples/examples/incompressible/icoFoam/cavity/cavity");
    /** What a recipe sets for Debian's OpenFOAM; its {@code etc/bashrc} would set this and more. */
    static final Map<String, String> ENVIRONMENT = Map.of("WM_PROJECT_DIR", "/usr/share/openfoam",
            "OMPI_ALLOW_RUN_AS_ROOT", "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");

    private Cavity() {
    }

    /** Skips the test, or fails it where CI requires OpenFOAM, when the solver or the tutorial is missing. */
    static void assumeInstalled(boolean mpi) {
        Requirement.assume("openfoam", onPath("icoFoam") && onPath("blockMesh") && onPath("decomposePar"),
                "icoFoam, blockMesh or decomposePar is not on PATH (Debian package openfoam)");
        Requirement.assume("openfoam", Files.isDirectory(TUTORIAL),
                TUTORIAL + " is missing (Debian package openfoam-examples)");
        if (mpi) {
            Requirement.assume("openfoam", onPath("mpirun"), "mpirun is not on PATH (Debian package openmpi-bin)");
        }
    }

    /**
     * Copies the tutorial to {@code folder}, sets the given {@code controlDict} entries (e.g. {@code endTime}),
     * meshes it and, with {@code ranks} above 1, decomposes it.
     */
    static Path prepare(Path folder, int ranks, Map<String, String> control, String extraControl) {
        try {
            try (Stream<Path> files = Files.walk(TUTORIAL)) {
                for (Path source : files.toList()) {
                    Files.copy(source, folder.resolve(TUTORIAL.relativize(source).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path controlDict = folder.resolve("system/controlDict");
            String text = Files.readString(controlDict);
            for (Map.Entry<String, String> entry : control.entrySet()) {
                String replaced = text.replaceFirst("(?m)^" + entry.getKey() + "\\s+[^;]*;",
                        entry.getKey() + " " + entry.getValue() + ";");
                if (replaced.equals(text)) {
                    throw new IllegalStateException("no " + entry.getKey() + " entry in " + controlDict);
                }
                text = replaced;
            }
            Files.writeString(controlDict, text + extraControl);
            run(folder, List.of("blockMesh"));
            if (ranks > 1) {
                Files.writeString(folder.resolve("system/decomposeParDict"), """
                        FoamFile { version 2.0; format ascii; class dictionary; object decomposeParDict; }
                        numberOfSubdomains %d;
                        method simple;
                        coeffs { n (%d 1 1); }
                        """.formatted(ranks, ranks));
                run(folder, List.of("decomposePar"));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cavity case in " + folder, e);
        }
    }

    private static void run(Path folder, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("log." + command.get(0)).toFile());
        builder.environment().putAll(ENVIRONMENT);
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed in " + folder + ":\n"
                        + Files.readString(folder.resolve("log." + command.get(0))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
