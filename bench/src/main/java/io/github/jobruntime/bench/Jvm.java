package io.github.jobruntime.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs, run with the same {@code java} as the harness. */
final class Jvm {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Jvm() {
    }

    /** {@return the {@code java} the harness runs on} */
    static Path java() {
        return Path.of(JAVA);
    }

    /** {@return {@code java FLAGS -jar JAR ARGS}} */
    static List<String> jar(Path jar, List<String> flags, Object... args) {
        return jar(java(), jar, flags, args);
    }

    /** {@return {@code JAVA FLAGS -jar JAR ARGS}}, with another JDK's {@code java} */
    static List<String> jar(Path java, Path jar, List<String> flags, Object... args) {
        return command(java, flags, List.of("-jar", jar.toString()), args);
    }

    /** {@return {@code java FLAGS -cp BENCHMARKS_JAR MAIN ARGS}}, for the helper mains of this module */
    static List<String> main(Class<?> main, List<String> flags, Object... args) {
        return command(java(), flags, List.of("-cp", ownJar().toString(), main.getName()), args);
    }

    private static List<String> command(Path java, List<String> flags, List<String> target, Object... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(target);
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return command;
    }

    private static Path ownJar() {
        try {
            return Path.of(Jvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new HarnessException("cannot locate the benchmarks jar: " + e, e);
        }
    }
}
