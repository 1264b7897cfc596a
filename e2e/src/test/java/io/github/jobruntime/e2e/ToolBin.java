package io.github.jobruntime.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A folder that is a script's whole PATH: links to the real tools it may use and stand-ins written by the test, so
 * that what is installed on this machine (apptainer, singularity) cannot change what the script sees.
 */
final class ToolBin {

    /**
     * A stand-in for apptainer or singularity. {@code --version} prints VERSION. Any other call is recorded as one
     * line, its own name first, in calls.txt next to it. {@code build} creates the image (and records "stale IMAGE"
     * when the image was already there); {@code exec} writes result.txt into the folder bound to /service and exits
     * with 7.
     */
    private static final String CONTAINER_TOOL = """
            #!/bin/sh
            if [ "$1" = --version ]; then echo 'VERSION'; exit 0; fi
            calls="${0%/*}/calls.txt"
            printf '%s %s\\n' "${0##*/}" "$*" >> "$calls"
            case "$1" in
                build)
                    for arg in "$@"; do image=$previous; previous=$arg; done
                    if [ -e "$image" ]; then printf 'stale %s\\n' "$image" >> "$calls"; fi
                    echo image > "$image" ;;
                exec)
                    for arg in "$@"; do
                        case "$arg" in *:/service) printf 'ran in the image' > "${arg%:/service}/result.txt" ;; esac
                    done
                    exit 7 ;;
            esac
            """;

    /** A stand-in for sudo: records the call in calls.txt, then runs the command, as the same user, without options. */
    private static final String SUDO = """
            #!/bin/sh
            printf 'sudo %s\\n' "$*" >> "${0%/*}/calls.txt"
            while [ $# -gt 0 ]; do
                case "$1" in
                    -u) shift 2 ;;
                    -*) shift ;;
                    *) break ;;
                esac
            done
            exec "$@"
            """;

    private final Path dir;

    private ToolBin(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder, readable by every user. */
    static ToolBin in(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new ToolBin(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** {@return where {@code tool} is on this JVM's PATH, if it is} */
    static Optional<Path> find(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Links each of {@code tools}, found on this JVM's PATH, into the folder. */
    ToolBin link(String... tools) {
        for (String tool : tools) {
            Path real = find(tool).orElseThrow(() -> new IllegalStateException(tool + " is not on the PATH"));
            try {
                Files.createSymbolicLink(dir.resolve(tool), real);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot link " + real + " into " + dir, e);
            }
        }
        return this;
    }

    /**
     * Adds a stand-in for the container tool {@code name} (apptainer or singularity) of a version that builds
     * images only as root: Apptainer 1.0, SingularityCE 3.11.
     */
    ToolBin fakeContainerTool(String name) {
        return fakeContainerTool(name, name.equals("apptainer") ? "apptainer version 1.0.3"
                : "singularity-ce version 3.11.4");
    }

    /** Adds a stand-in for the container tool {@code name} whose {@code --version} prints {@code version}. */
    ToolBin fakeContainerTool(String name, String version) {
        return fake(name, CONTAINER_TOOL.replace("VERSION", version));
    }

    /** Adds a stand-in for sudo that records its call and runs the command without changing the user. */
    ToolBin fakeSudo() {
        return fake("sudo", SUDO);
    }

    private ToolBin fake(String name, String text) {
        try {
            Path script = dir.resolve(name);
            Files.writeString(script, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path calls = dir.resolve("calls.txt");
            if (!Files.exists(calls)) {
                Files.createFile(calls);
                // A script run as another user records its calls too.
                Files.setPosixFilePermissions(calls, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a stand-in " + name + " into " + dir, e);
        }
    }

    /** {@return the calls the stand-ins recorded, one line each: tool name, then its arguments} */
    List<String> calls() {
        try {
            return Files.readAllLines(dir.resolve("calls.txt"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the value for PATH: this folder alone} */
    String path() {
        return dir.toString();
    }
}
