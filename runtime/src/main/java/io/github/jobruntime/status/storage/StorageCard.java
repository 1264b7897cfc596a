package io.github.jobruntime.status.storage;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Figure;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The free space of the job's scratch and home folders. A job that fills its file system fails in ways its log
 * hardly explains (a short write, a solver that cannot write its restart file); the card says it before, and turns
 * into a warning below {@link #LOW_SHARE} free. Nothing before the folders are known or when none can be read.
 */
public final class StorageCard implements Card {

    /** Free space below this share of a folder's file system turns the card into a warning. */
    static final double LOW_SHARE = 0.05;

    private final PageLock lock;
    private final SpaceReader reader;
    private List<Folder> folders = List.of();

    public StorageCard(PageLock lock) {
        this(lock, StorageCard::read);
    }

    StorageCard(PageLock lock, SpaceReader reader) {
        this.lock = lock;
        this.reader = reader;
    }

    /** Sets the folders the card watches: the user's, bound at {@code /scratch} and {@code /home}. */
    public void folders(Path scratch, Path home) {
        List<Folder> watched = List.of(new Folder("Scratch", scratch), new Folder("Home", home));
        synchronized (lock) {
            folders = watched;
            lock.changed();
        }
    }

    /**
     * A folder the card watches.
     *
     * @param name its name for people; in lower case, the start of its figure's {@code data-jr} name, e.g.
     *             {@code scratch-free-bytes}
     */
    record Folder(String name, Path path) {

        Folder {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }
    }

    @Override
    public Snapshot snapshot() {
        return new StorageSnapshot(folders, reader);
    }

    /** The space of a file system: what the job may still write, of how much. */
    record Space(long freeBytes, long totalBytes) {
    }

    /** Reads a folder's space; the system's, or a test's. */
    interface SpaceReader {
        Space read(Path folder) throws IOException;
    }

    private static Space read(Path folder) throws IOException {
        FileStore store = Files.getFileStore(folder);
        return new Space(store.getUsableSpace(), store.getTotalSpace());
    }

    /**
     * The folders; their space is read as the page is rendered, on the reporter's thread and outside the page's
     * lock, so that a slow network file system never holds up the job's writes to the page.
     */
    record StorageSnapshot(List<Folder> folders, SpaceReader reader) implements Snapshot {

        @Override
        public StorageView view(Frame frame) {
            List<Figure> figures = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (Folder folder : folders) {
                Space space;
                try {
                    space = reader.read(folder.path());
                } catch (IOException | RuntimeException e) {
                    continue; // not there, or not readable: a folder the job cannot use needs no figure
                }
                long free = space.freeBytes();
                String of = "of " + Formats.size(space.totalBytes()) + (space.totalBytes() > 0
                        ? " (" + Math.round(100.0 * free / space.totalBytes()) + " %)" : "");
                figures.add(new Figure(folder.name() + " free", folder.name().toLowerCase(Locale.ROOT)
                        + "-free-bytes", Long.toString(free), Formats.size(free), of + ", " + folder.path()));
                if (free < LOW_SHARE * space.totalBytes()) {
                    warnings.add(folder.name() + " (" + folder.path() + ") has " + Formats.size(free) + " left, "
                            + of + ": the job fails when it fills up - remove what the job no longer needs.");
                }
            }
            return new StorageView(warnings.isEmpty() ? "storage" : "storage warning", figures, warnings);
        }
    }

    /**
     * The card as the page shows it: nothing without figures.
     *
     * @param cssClass {@code storage}, or {@code storage warning}
     */
    record StorageView(String cssClass, List<Figure> figures, List<String> warnings) implements CardView {

        StorageView {
            figures = List.copyOf(figures);
            warnings = List.copyOf(warnings);
        }

        @Override
        public void render(HtmlTemplateOutput output) {
            JtestorageGenerated.render(output, null, this);
        }
    }
}
