package io.github.jobruntime.preview;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.ServiceFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the portal's header says about the job, from its files and, when the preview started it, its process. */
class PortalTest {

    @TempDir
    Path temp;

    private JobFolders folders;
    private Portal portal;

    @BeforeEach
    void createPortal() {
        folders = JobFolders.create(temp.resolve("service"), temp.resolve("home"), temp.resolve("scratch"));
        portal = new Portal(new ServiceFolder(folders.service()), new SentMessages(), Duration.ofSeconds(2), false);
    }

    // given

    private void page(String state) {
        write("status.html", "<html><head><meta name=\"job-state\" content=\"" + state + "\"></head></html>");
    }

    private void write(String file, String text) {
        AtomicFile.write(folders.service().resolve(file), text.getBytes(StandardCharsets.UTF_8), false);
    }

    private LaunchedCommand endedCommand(String script) {
        LaunchedCommand command = LaunchedCommand.start(List.of("sh", "-c", script), folders);
        portal.track(command);
        command.exit().join();
        return command;
    }

    @Test
    void waitsForTheFirstPage() {
        PortalView view = portal.view();

        assertEquals("starting", view.state());
        assertTrue(view.statusMissing());
        assertFalse(view.ended());
    }

    @Test
    void showsTheStateTheJobsPageDeclares() {
        page("running");
        write("result.txt", "UNSET");

        PortalView view = portal.view();

        assertEquals("running", view.state());
        assertEquals("Running", view.stateLabel());
        assertFalse(view.ended());
        assertEquals("", view.result());
    }

    @Test
    void attachedJobHasEndedWhenItsPageSaysSo() {
        page("aborted");
        write("result.txt", "Done. My waiting was aborted after 3 seconds.");

        PortalView view = portal.view();

        assertEquals("aborted", view.state());
        assertTrue(view.ended());
        assertEquals("Done. My waiting was aborted after 3 seconds.", view.result());
        assertTrue(portal.render().length > 0);
        assertTrue(new String(portal.render(), StandardCharsets.UTF_8).contains("id=\"send-fields\" disabled"));
    }

    @Test
    void attachedJobWithoutStateInItsPageHasEndedOnceItsResultIsSet() {
        write("status.html", "<html><head></head><body>waited 3/3</body></html>");
        write("result.txt", "UNSET");
        assertFalse(portal.view().ended());

        write("result.txt", "Done. I have waited 3 seconds.");

        assertTrue(portal.view().ended());
        assertEquals("Ended", portal.view().stateLabel());
    }

    @Test
    void startedCommandShowsItsExitCodeAndResult() {
        LaunchedCommand command = endedCommand("echo 'FAILED: no mesh' > \"$JOB_RUNTIME_SERVICE_DIR/result.txt\"; exit 3");

        PortalView view = portal.view();

        assertEquals("exit code 3", view.process());
        assertTrue(view.ended());
        assertFalse(view.ticking());
        assertEquals("FAILED: no mesh\n", view.result());
        assertEquals("ended", view.state());
        assertEquals(command.commandLine(), view.command());
    }

    @Test
    void commandThatLeftNoResultSaysSo() {
        endedCommand("exit 0");

        assertTrue(portal.view().result().startsWith("(no result.txt"), portal.view().result());
    }

    @Test
    void runningCommandShowsItsPid() {
        try (LaunchedCommand command = LaunchedCommand.start(List.of("sleep", "30"), folders)) {
            portal.track(command);

            PortalView view = portal.view();

            assertEquals("running, pid " + command.pid(), view.process());
            assertTrue(view.ticking());
            assertFalse(view.ended());
        }
    }

    @Test
    void versionChangesWhenTheJobReplacesItsPage() throws IOException {
        page("running");
        String first = portal.view().statusVersion();
        assertEquals(first, portal.view().statusVersion());

        page("running");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertNotEquals(first, portal.view().statusVersion()));
        assertTrue(Files.exists(folders.service().resolve("status.html")));
    }
}
