package io.github.jobruntime.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code job-runtime preview} as a process: prints its URL, runs the job, stops it on SIGTERM. */
class PreviewCommandTest {

    private static final Pattern URL = Pattern.compile("preview: (http://\\S+/)");

    @TempDir
    Path temp;

    private Path service;
    private ChildJvm preview;

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    @AfterEach
    void stopPreview() {
        if (preview != null) {
            preview.close();
        }
    }

    // when

    private void preview(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "preview";
        System.arraycopy(args, 0, command, 1, args.length);
        // Its temp folders go to the test's folder, where a test can see what it left.
        preview = ChildJvm.start(temp, Main.class, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temp), command);
    }

    // then

    private URI url() {
        await().atMost(Duration.ofSeconds(20)).until(() -> URL.matcher(preview.stdout()).find());
        Matcher m = URL.matcher(preview.stdout());
        assertTrue(m.find());
        return URI.create(m.group(1));
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void startsTheJobWithItsFoldersAndShowsItsExitCode() throws Exception {
        Path home = temp.resolve("home");
        Path scratch = temp.resolve("scratch");

        preview("--port", "0", "--service-dir", service.toString(), "--home-dir", home.toString(),
                "--scratch-dir", scratch.toString(), "--",
                "sh", "-c", "echo \"job: $JOB_RUNTIME_SERVICE_DIR $JOB_RUNTIME_HOME_DIR $JOB_RUNTIME_SCRATCH_DIR\"; exit 3");

        URI url = url();
        assertEquals("127.0.0.1", url.getHost());
        await().atMost(Duration.ofSeconds(20)).until(() -> preview.stdout().contains("exited with code 3"));
        assertTrue(preview.stdout().contains("job: " + service.toAbsolutePath() + " " + home.toAbsolutePath() + " "
                + scratch.toAbsolutePath()), preview.stdout());
        assertTrue(Files.isDirectory(home) && Files.isDirectory(scratch));
        assertTrue(get(url).contains("exit code 3"));
    }

    @Test
    void sigtermCancelsTheJobInsteadOfLeavingItRunning() {
        preview("--port", "0", "--service-dir", service.toString(), "--home-dir", temp.resolve("home").toString(),
                "--scratch-dir", temp.resolve("scratch").toString(), "--", "sh", "-c",
                "trap 'echo TERM > \"$JOB_RUNTIME_SERVICE_DIR/signal.txt\"; exit 143' TERM; "
                        + "echo job started; while :; do sleep 1; done");
        url();
        await().atMost(Duration.ofSeconds(20)).until(() -> preview.stdout().contains("job started"));

        preview.sigterm();

        assertEquals(143, preview.exitCode(30));
        assertTrue(Files.exists(service.resolve("signal.txt")), preview.stdout());
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void signalRemovesTheTempFoldersItMadeButNeverAGivenOne(String signal, int exitCode) throws IOException {
        Path home = temp.resolve("home");
        preview("--port", "0", "--home-dir", home.toString(), "--", "sh", "-c", "echo job started; exec sleep 1000");
        url();
        await().atMost(Duration.ofSeconds(20)).until(() -> preview.stdout().contains("job started"));
        assertEquals(1, madeFolders().size(), "the preview's temp folder for service and scratch");

        preview.signal(signal);

        assertEquals(exitCode, preview.exitCode(30));
        assertEquals(List.of(), madeFolders());
        assertTrue(Files.isDirectory(home), "the given home folder stays");
    }

    private List<Path> madeFolders() throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("job-runtime-preview-")).toList();
        }
    }

    @Test
    void watchesARunningJobsFolderOnThisMachineOnly() throws Exception {
        Files.writeString(service.resolve("status.html"), "<html><head></head><body>from test.sh</body></html>");

        preview("--port", "0", "--service-dir", service.toString());

        URI url = url();
        assertEquals("127.0.0.1", url.getHost());
        assertTrue(get(url.resolve("/status.html")).contains("function notify_running_job(message)"));
        assertTrue(preview.stdout().contains("preview: watching " + service), preview.stdout());
        assertFalse(preview.stderr().contains("warning"), preview.stderr());
    }

    @Test
    void watchingAFolderThatDoesNotExistYetCreatesItAndWaitsForTheJob() throws Exception {
        Path later = temp.resolve("later/temp_service");

        preview("--port", "0", "--service-dir", later.toString());

        URI url = url();
        assertTrue(Files.isDirectory(later), preview.stdout());
        assertTrue(preview.stdout().contains("preview: created " + later + ", waiting for a job to write to it"),
                preview.stdout());
        assertTrue(get(url.resolve("/status.html")).contains("does not exist yet"));
        Files.writeString(later.resolve("status.html"), "<html><head></head><body>from test.sh</body></html>");
        assertTrue(get(url.resolve("/status.html")).contains("from test.sh"));
        assertFalse(preview.stderr().contains("-B "), preview.stderr());
    }

    @Test
    void watchingAFileIsAUsageErrorWithoutBindAdvice() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "text");

        preview("--port", "0", "--service-dir", file.toString());

        assertEquals(2, preview.exitCode(20));
        assertTrue(preview.stderr().contains("service folder " + file + " is not a folder - give the folder the job"
                + " writes to with --service-dir DIR"), preview.stderr());
        assertFalse(preview.stderr().contains("-B "), preview.stderr());
    }

    @Test
    void otherBindAddressIsWarnedAbout() {
        // TEST-NET-1: never this machine's, so the warning shows and nothing listens beyond loopback.
        preview("--port", "0", "--bind", "192.0.2.1", "--service-dir", service.toString());

        assertEquals(2, preview.exitCode(20));
        assertTrue(preview.stderr().contains("preview: warning: listening on 192.0.2.1, not only on this machine"),
                preview.stderr());
        assertTrue(preview.stderr().contains("cannot listen on 192.0.2.1:0"), preview.stderr());
    }

    @Test
    void withoutJobOrFolderSaysWhatToGive() {
        preview("--port", "0");

        assertEquals(2, preview.exitCode(20));
        assertTrue(preview.stderr().contains("nothing to preview - give a job to start after --"), preview.stderr());
    }

    @Test
    void badRefreshIsAUsageError() {
        preview("--refresh", "0s", "--service-dir", service.toString());

        assertEquals(2, preview.exitCode(20));
        assertTrue(preview.stderr().contains("refresh must be positive"), preview.stderr());
    }
}
