package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the code's shape that no compiler checks: no import circles between its parts, the library never
 * imports the launcher, and the start-up rules that live in comments (no lambdas on the first page's path, no
 * record {@code equals} bootstrapped on the stop path), read from the built classes.
 */
class StructureTest {

    private static final String BASE = "io.github.jobruntime";
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(" + Pattern.quote(BASE)
            + "(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void noImportCirclesBetweenTheParts() {
        Map<String, Set<String>> imports = imports();
        List<String> circles = new ArrayList<>();
        for (String part : imports.keySet()) {
            List<String> path = circleThrough(part, imports);
            if (!path.isEmpty()) {
                circles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), circles, "import circles between the parts of " + imports.keySet());
    }

    @Test
    void theLibraryNeverImportsTheLauncher() {
        List<String> wrong = new ArrayList<>();
        imports().forEach((part, targets) -> {
            if (!isLauncher(part)) {
                targets.stream().filter(StructureTest::isLauncher).forEach(target -> wrong.add(part + " -> " + target));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theFirstPagesPathMakesNoLambdas() {
        // Each first lambda of a JVM costs milliseconds of the launcher's first page (bench: first status.html).
        for (String type : List.of("launcher/target/classes/io/github/jobruntime/launcher/FirstPage.class",
                "runtime/target/classes/io/github/jobruntime/status/EarlyPage.class")) {
            String code = javap(type);
            assertFalse(code.contains("LambdaMetafactory"), type + " makes a lambda:\n" + code);
        }
    }

    @Test
    void theStopPathBootstrapsNoRecordEquals() {
        // A record's generated equals() and hashCode() are bootstrapped on their first call: 20-45 ms of an ABORT
        // (bench: ABORT -> result, ABORT -> tree gone), so these are written out.
        for (String type : List.of("runtime/target/classes/io/github/jobruntime/notify/FileIdentity.class",
                "runtime/target/classes/io/github/jobruntime/os/ProcessTable$Id.class")) {
            String code = javap(type);
            for (String method : List.of("public boolean equals(java.lang.Object);", "public int hashCode();")) {
                String body = method(code, method);
                assertFalse(body.contains("invokedynamic"), type + ": " + method + " is bootstrapped:\n" + body);
            }
        }
        String dispatcher = javap("runtime/target/classes/io/github/jobruntime/notify/MessageDispatcher.class");
        assertFalse(dispatcher.contains("MessageDispatcher$Message.equals"),
                "the dispatcher compares messages with a record's equals");
    }

    @Test
    void everyLoggerOfTheRuntimeComesFromLogs() throws IOException {
        // Logs writes to stderr when the application has no SLF4J provider: a logger of SLF4J's own is then silent.
        List<String> direct = new ArrayList<>();
        for (String module : List.of("runtime", "launcher")) {
            try (Stream<Path> files = Files.walk(Checkout.file(module + "/src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (Files.readString(file).contains("LoggerFactory.getLogger(") && !file.endsWith("Logs.java")) {
                        direct.add(file.toString());
                    }
                }
            }
        }
        assertEquals(List.of(), direct, "use io.Logs.get(Type.class), not LoggerFactory.getLogger");
    }

    /** {@return per part, the parts it imports} A part is a package, except the API package, where it is a type. */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (String module : List.of("runtime", "launcher")) {
            Path sources = Checkout.file(module + "/src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")
                        && !f.endsWith("module-info.java")).toList()) {
                    String text = Files.readString(file);
                    Matcher declared = PACKAGE.matcher(text);
                    assertTrue(declared.find(), "no package in " + file);
                    String name = file.getFileName().toString();
                    String part = part(declared.group(1), name.substring(0, name.length() - ".java".length()));
                    Set<String> targets = imports.computeIfAbsent(part, p -> new TreeSet<>());
                    Matcher imported = IMPORT.matcher(text);
                    while (imported.find()) {
                        String target = part(imported.group(1), imported.group(2));
                        if (!target.equals(part)) {
                            targets.add(target);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return imports;
    }

    private static String part(String packageName, String type) {
        return packageName.equals(BASE) ? type : packageName.substring(BASE.length() + 1);
    }

    private static boolean isLauncher(String part) {
        return part.equals("launcher") || part.equals("cli") || part.equals("preview");
    }

    /** {@return a path of imports from {@code start} back to itself, or an empty list when there is none} */
    private static List<String> circleThrough(String start, Map<String, Set<String>> imports) {
        List<String> path = new ArrayList<>(List.of(start));
        return walk(start, start, imports, path, new LinkedHashSet<>()) ? path : List.of();
    }

    private static boolean walk(String start, String from, Map<String, Set<String>> imports, List<String> path,
            Set<String> seen) {
        for (String next : imports.getOrDefault(from, Set.of())) {
            path.add(next);
            if (next.equals(start) || (seen.add(next) && walk(start, next, imports, path, seen))) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    /** {@return the code of {@code declaration} in javap's disassembly, which must have it} */
    private static String method(String code, String declaration) {
        int start = code.indexOf("  " + declaration + "\n");
        assertTrue(start >= 0, "no " + declaration + " of its own:\n" + code);
        int end = code.indexOf("\n\n", start);
        return code.substring(start, end < 0 ? code.length() : end);
    }

    /** {@return javap's disassembly of a built class, with its constant pool} */
    private static String javap(String classFile) {
        Path file = Checkout.file(classFile);
        assertTrue(Files.isRegularFile(file), file + " is not built: run ./mvnw -B verify");
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        int status = javap.run(new PrintWriter(out), new PrintWriter(out), "-v", "-p", "-c", file.toString());
        assertEquals(0, status, out.toString());
        return out.toString();
    }
}
