package io.github.jobruntime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code job-runtime notify}: appends messages to notifications.txt as the platform does. */
class NotifyCommandTest {

    @TempDir
    Path temp;

    private Path service;
    private Path notifications;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
        notifications = service.resolve("notifications.txt");
    }

    // when

    /** Runs the launcher in this JVM, as picocli's "Testing your application" shows. */
    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    /** Runs the launcher as a process of its own, with the exit-code mapping of its {@code main}. */
    private ChildJvm launcher(Map<String, String> env, String... args) {
        return ChildJvm.start(temp, Main.class, env, args);
    }

    // then

    private String notificationsText() throws IOException {
        return Files.readString(notifications, StandardCharsets.UTF_8);
    }

    @Test
    void appendsEachMessageAndANewlineInOrder() throws IOException {
        int code = execute("notify", "--service-dir", service.toString(), "ABORT", "PING x");

        assertEquals(0, code, err.toString());
        assertEquals("ABORT\nPING x\n", notificationsText());
        assertEquals("sent 2 message(s) to " + notifications + System.lineSeparator(), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void createsTheFileWhenAbsent() throws IOException {
        assertFalse(Files.exists(notifications));

        assertEquals(0, execute("notify", "--service-dir", service.toString(), "ABORT"), err.toString());

        assertEquals("ABORT\n", notificationsText());
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Files.writeString(notifications, "CHECKPOINT\n", StandardCharsets.UTF_8);

        assertEquals(0, execute("notify", "--service-dir", service.toString(), "ABORT"), err.toString());
        assertEquals(0, execute("notify", "--service-dir", service.toString(), "PING 2"), err.toString());

        assertEquals("CHECKPOINT\nABORT\nPING 2\n", notificationsText());
    }

    @Test
    void messageIsWrittenAsGivenWithoutTrimming() throws IOException {
        assertEquals(0, execute("notify", "--service-dir", service.toString(), " CHECKPOINT  now ", "Grüße ✓"),
                err.toString());

        assertEquals(" CHECKPOINT  now \nGrüße ✓\n", notificationsText());
    }

    @Test
    void withoutAMessageItIsAUsageErrorAndNothingIsWritten() {
        int code = execute("notify", "--service-dir", service.toString());

        assertEquals(2, code);
        assertTrue(err.toString().contains("Missing required parameter: 'MESSAGE'"), err.toString());
        assertFalse(Files.exists(notifications));
    }

    @Test
    void missingServiceFolderIsExitTwoWithAMessageNamingThePath() {
        Path missing = temp.resolve("not-bound");

        try (ChildJvm notify = launcher(Map.of(), "notify", "--service-dir", missing.toString(), "ABORT")) {
            assertEquals(2, notify.exitCode(30), notify.stderr());
            assertTrue(notify.stderr().contains("service folder " + missing + " does not exist"), notify.stderr());
            assertFalse(notify.stderr().contains("\tat "), "one clear line, no stack trace: " + notify.stderr());
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void blankMessageIsExitTwoAndNoMessageIsWritten() {
        try (ChildJvm notify = launcher(Map.of(), "notify", "--service-dir", service.toString(), "ABORT", " ")) {
            assertEquals(2, notify.exitCode(30), notify.stderr());
            assertTrue(notify.stderr().contains("an empty message"), notify.stderr());
        }
        assertFalse(Files.exists(notifications), "all or nothing: ABORT is not sent either");
    }

    @Test
    void environmentVariableNamesTheServiceFolder() throws IOException {
        try (ChildJvm notify = launcher(Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString()), "notify", "ABORT")) {
            assertEquals(0, notify.exitCode(30), notify.stderr());
        }
        assertEquals("ABORT\n", notificationsText());
    }
}
