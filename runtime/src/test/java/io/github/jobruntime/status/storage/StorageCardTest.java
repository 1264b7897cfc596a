package io.github.jobruntime.status.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.output.StringOutput;
import io.github.jobruntime.JobState;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCardTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final long GIB = 1L << 30;
    private static final Pattern FIGURE = Pattern.compile("data-jr=\"([a-z-]+)\" data-value=\"(\\d+)\"");

    @TempDir
    Path scratch;
    @TempDir
    Path home;

    // given, when

    private static String render(StorageCard card) {
        StringOutput output = new StringOutput();
        card.snapshot().view(new Frame("Solver", JobState.RUNNING, NOW, null, 1, 10, false, NOW, Double.NaN, Double.NaN, "node042",
                "1.2.3")).writeTo(output);
        return output.toString();
    }

    /** A file system of 100 GiB with {@code free} left, for every folder. */
    private static StorageCard.SpaceReader filled(long free) {
        return folder -> new StorageCard.Space(free, 100 * GIB);
    }

    // then

    @Test
    void showsTheFreeSpaceOfScratchAndHomeForPeopleAndScripts() throws IOException {
        StorageCard card = new StorageCard(new PageLock());
        card.folders(scratch, home);

        String html = render(card);

        assertTrue(html.contains("<h2>Storage</h2>"), html);
        Matcher figure = FIGURE.matcher(html);
        assertTrue(figure.find(), html);
        assertEquals("scratch-free-bytes", figure.group(1));
        long total = Files.getFileStore(scratch).getTotalSpace();
        long free = Long.parseLong(figure.group(2));
        assertTrue(free > 0 && free <= total, free + " of " + total);
        assertTrue(figure.find(), html);
        assertEquals("home-free-bytes", figure.group(1));
        assertTrue(html.contains(", " + scratch + "</span>"), "names the folder: " + html);
        assertFalse(html.contains("class=\"cap\""), "no warning with room left: " + html);
    }

    @Test
    void warnsWhenAFileSystemIsAlmostFull() {
        StorageCard card = new StorageCard(new PageLock(), filled(3 * GIB));
        card.folders(scratch, home);

        String html = render(card);

        assertTrue(html.contains("<section class=\"card storage warning\">"), html);
        assertTrue(html.contains("<p class=\"cap\">Scratch (" + scratch + ") has 3 GiB left, of 100 GiB (3 %): the "
                + "job fails when it fills up - remove what the job no longer needs.</p>"), html);
        assertTrue(html.contains("data-jr=\"scratch-free-bytes\" data-value=\"" + 3 * GIB + "\">3 GiB</span>"), html);
    }

    @Test
    void noWarningWithMoreThanFivePercentFree() {
        StorageCard card = new StorageCard(new PageLock(), filled(6 * GIB));
        card.folders(scratch, home);

        String html = render(card);

        assertTrue(html.contains("<section class=\"card storage\">"), html);
        assertTrue(html.contains("<span class=\"meta\"> of 100 GiB (6 %), " + home + "</span>"), html);
    }

    @Test
    void showsNothingBeforeTheFoldersAreKnownNorForFoldersThatCannotBeRead() {
        StorageCard card = new StorageCard(new PageLock(), folder -> {
            throw new NoSuchFileException(folder.toString());
        });
        assertEquals("", render(card), "before the folders are set");

        card.folders(scratch.resolve("missing"), home.resolve("missing"));

        assertEquals("", render(card));
    }
}
