package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The images of one test run, built for real in the sid root: the base layer from Debian ({@code singularity/build.sh
 * --fakeroot --debian}, run in a copy of the repository's recipes and jars), both examples on it, and the MPI test
 * image on it. Built images are kept beside the sid root under a hash of everything that went into them, so a
 * second run of the same sources reuses them; their {@code %test} runs in the tests either way.
 */
final class Images {

    static final String BASE = "job-runtime";
    static final List<String> EXAMPLES = List.of("waiter", "abortable_waiter");
    static final String MPI = "mpi_steps";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(25);
    private static final String RESOURCES = "/io/github/jobruntime/e2e/apptainer/";
    private static final Pattern DOWNLOAD_FAILED =
            Pattern.compile("Couldn't download|Failed to fetch|Temporary failure resolving|Unable to fetch");

    private final Path folder;
    /** How each image came to be: "built in N s" or "reused". */
    private final Map<String, String> origins;

    private Images(Path folder, Map<String, String> origins) {
        this.folder = folder;
        this.origins = origins;
    }

    /** {@return the image built from singularity/NAME.def (or the MPI test image)} */
    Path image(String name) {
        return folder.resolve(name + ".simg");
    }

    /** {@return the folder of the images, to bind into the sid root} */
    Path folder() {
        return folder;
    }

    Map<String, String> origins() {
        return origins;
    }

    static Images build(SidRoot sid) {
        try {
            Path work = Files.createTempDirectory("job-runtime-images-");
            try {
                return build(sid, work);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the images", e);
        }
    }

    private static Images build(SidRoot sid, Path work) throws IOException {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> inputs = copyBuildInputs(work);
        String key = hash(work, inputs);
        Map<String, String> origins = new LinkedHashMap<>();

        Path cached = sid.cache().resolve("images-" + key);
        if (!Files.isRegularFile(cached.resolve(MPI + ".simg"))) {
            long start = System.nanoTime();
            // Each line stamped with the second it came, for the time of each image's build.
            SidRoot.Result build = buildWithRetry(sid, work, List.of("bash", "-o", "pipefail", "-c",
                    "cd \"$1\" && singularity/build.sh --fakeroot --debian 2>&1"
                            + " | while IFS= read -r line; do printf '%s %s\\n' \"$(date +%s)\" \"$line\"; done",
                    "build", work.toString()));
            Files.writeString(work.resolve("build.log"), build.output());
            assertEquals(0, build.exitCode(), "singularity/build.sh --fakeroot --debian: " + build);
            origins.put(BASE + " and the examples", "built in " + seconds(start) + " s (build.sh --debian)");
            origins.putAll(buildSeconds(build.output()));

            Path mpi = Files.createDirectories(work.resolve("mpi"));
            for (String file : List.of(MPI + ".def", "steps.c")) {
                try (InputStream in = Images.class.getResourceAsStream(RESOURCES + file)) {
                    Files.copy(in, mpi.resolve(file));
                }
            }
            Files.copy(work.resolve("singularity/" + BASE + ".simg"), mpi.resolve(BASE + ".simg"));
            start = System.nanoTime();
            SidRoot.Result mpiBuild = buildWithRetry(sid, work, List.of("sh", "-c",
                    "cd \"$1\" && apptainer build --fakeroot " + MPI + ".simg " + MPI + ".def", "build",
                    mpi.toString()));
            assertEquals(0, mpiBuild.exitCode(), MPI + ".def: " + mpiBuild);
            origins.put(MPI, "built in " + seconds(start) + " s");

            Path partial = sid.cache().resolve("images-" + key + ".partial");
            deleteTree(partial);
            Files.createDirectories(partial);
            for (String name : names()) {
                Path from = name.equals(MPI) ? mpi.resolve(name + ".simg") : work.resolve("singularity/" + name + ".simg");
                Files.move(from, partial.resolve(name + ".simg"));
            }
            Files.writeString(partial.resolve("build.log"), build.output() + mpiBuild.output());
            dropOlderImages(sid.cache());
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
        } else {
            origins.put("all", "reused from " + cached + " (same recipes and jars)");
        }
        Files.setPosixFilePermissions(cached, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Images(cached, origins);
    }

    /**
     * Runs a build as root in the sid root, once more when a package download failed: debootstrap and apt give up
     * on the first failed download, and a busy mirror fails one now and then.
     */
    private static SidRoot.Result buildWithRetry(SidRoot sid, Path work, List<String> command) {
        SidRoot.Result build = sid.run("root", List.of(work), Map.of(), BUILD_LIMIT, command);
        if (build.exitCode() != 0 && DOWNLOAD_FAILED.matcher(build.output()).find()) {
            ContainerJob.report("a download failed, building again: %s", command);
            build = sid.run("root", List.of(work), Map.of(), BUILD_LIMIT, command);
        }
        return build;
    }

    /** {@return each image's build time, from build.sh's stamped lines "build.sh: apptainer build IMAGE"} */
    private static Map<String, String> buildSeconds(String stamped) {
        Map<String, String> seconds = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^(\\d+) (?:build\\.sh: apptainer build singularity/(\\S+)\\.simg"
                + "|INFO:\\s+Build complete: singularity/(\\S+)\\.simg)").matcher(stamped);
        Map<String, Long> started = new LinkedHashMap<>();
        while (line.find()) {
            long at = Long.parseLong(line.group(1));
            if (line.group(2) != null) {
                started.put(line.group(2), at);
            } else if (started.containsKey(line.group(3))) {
                seconds.put(line.group(3), "built in " + (at - started.get(line.group(3))) + " s");
            }
        }
        return seconds;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>(List.of(BASE));
        names.addAll(EXAMPLES);
        names.add(MPI);
        return names;
    }

    /** Copies build.sh, the recipes and the jars their %files sections name; returns their relative paths. */
    private static List<String> copyBuildInputs(Path work) throws IOException {
        List<String> inputs = new ArrayList<>(List.of("singularity/build.sh", "singularity/job-runtime.debian-header"));
        try (Stream<Path> files = Files.list(Repository.file("singularity"))) {
            for (Path recipe : files.filter(f -> f.toString().endsWith(".def")).sorted().toList()) {
                inputs.add("singularity/" + recipe.getFileName());
                boolean copies = false;
                for (String line : Files.readAllLines(recipe, StandardCharsets.UTF_8)) {
                    String trimmed = line.strip();
                    if (trimmed.startsWith("%")) {
                        copies = trimmed.startsWith("%files");
                    } else if (copies && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        inputs.add(trimmed.split("\\s+", 2)[0]);
                    }
                }
            }
        }
        for (String input : inputs) {
            Path source = Repository.file(input);
            Path copy = work.resolve(input);
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (Stream<Path> tree = Files.walk(work)) {
            for (Path folder : tree.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return inputs;
    }

    /** {@return a hash of the build inputs and the MPI test image's recipe and source} */
    private static String hash(Path work, List<String> inputs) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String input : inputs) {
                digest.update(input.getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(work.resolve(input)));
            }
            for (String file : List.of(MPI + ".def", "steps.c")) {
                try (InputStream in = Images.class.getResourceAsStream(RESOURCES + file)) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One set of images in the cache: those of other sources go when a new set is made. */
    private static void dropOlderImages(Path cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path old : entries.filter(p -> p.getFileName().toString().startsWith("images-")
                    && !p.getFileName().toString().endsWith(".partial")).toList()) {
                deleteTree(old);
            }
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path path : tree.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
