package io.github.jobruntime.status.images;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The pictures on the page, in the order their names first appeared. A new picture replaces the one of the
 * same name; beyond {@link #MAX_IMAGES} pictures or {@link #MAX_TOTAL_BYTES} embedded, the least recently
 * updated ones leave the page, so a job that writes {@code snapshot-0001.png}, {@code snapshot-0002.png}, …
 * shows its newest.
 */
public final class ImagesCard implements Card {

    public static final int MAX_IMAGES = 8;
    /** Bytes of one image at most, before base64. */
    public static final int MAX_IMAGE_BYTES = 1024 * 1024;
    /** Embedded bytes on the page at most, before base64: four images at the per-image cap. */
    public static final long MAX_TOTAL_BYTES = 4L * MAX_IMAGE_BYTES;

    private record Shown(PageImage image, long update) {
    }

    private final PageLock lock;
    private final Map<String, Shown> byName = new LinkedHashMap<>();
    private long updates;
    private long embeddedBytes;
    private boolean droppedBefore;

    public ImagesCard(PageLock lock) {
        this.lock = lock;
    }

    /**
     * Shows the picture on the page, replacing one of the same name.
     *
     * @throws IllegalArgumentException when the media type is not one of {@link ImageType}
     */
    public void put(String name, byte[] bytes, String mediaType) {
        Objects.requireNonNull(name, "image name");
        Objects.requireNonNull(bytes, "image bytes");
        Objects.requireNonNull(mediaType, "image media type");
        // Encoded outside the lock: a megabyte of base64 must not hold up the job's other threads.
        PageImage image = PageImage.of(PageText.cut(name, PageText.MAX_NAME), bytes, mediaType);
        synchronized (lock) {
            put(image);
            lock.changed();
        }
    }

    private void put(PageImage image) {
        Shown previous = byName.put(image.name(), new Shown(image, ++updates));
        if (previous != null) {
            embeddedBytes -= embeddedBytes(previous.image());
        }
        embeddedBytes += embeddedBytes(image);
        // Once per image going over the cap, not at every update of a picture that stays too large.
        if (image.embedded() == null && (previous == null || previous.image().embedded() != null)) {
            Log.LOG.warn("{}", image.capNote());
        }
        while (byName.size() > MAX_IMAGES || embeddedBytes > MAX_TOTAL_BYTES) {
            Shown oldest = byName.values().stream().min(Comparator.comparingLong(Shown::update)).orElseThrow();
            byName.remove(oldest.image().name());
            embeddedBytes -= embeddedBytes(oldest.image());
            if (!droppedBefore) {
                droppedBefore = true;
                Log.LOG.warn("image '{}' left the status page: it shows at most {} images and {} in all, the most "
                        + "recently updated; further drops are logged at debug level",
                        oldest.image().name(), MAX_IMAGES, Formats.size(MAX_TOTAL_BYTES));
            } else {
                Log.LOG.debug("image '{}' left the status page", oldest.image().name());
            }
        }
    }

    private static long embeddedBytes(PageImage image) {
        return image.embedded() == null ? 0 : image.size();
    }

    @Override
    public Snapshot snapshot() {
        return new ImagesView(byName.values().stream().map(Shown::image).toList());
    }

    /** The pictures as the page shows them, the same on every page until one changes: the snapshot is the view. */
    record ImagesView(List<PageImage> images) implements Snapshot, CardView {

        @Override
        public ImagesView view(Frame frame) {
            return this;
        }

        @Override
        public void render(HtmlTemplateOutput output) {
            JteimagesGenerated.render(output, null, this);
        }
    }

    /** The logger, made on first use: the first page is written before the logger is set up. */
    private static final class Log {
        static final Logger LOG = Logs.get(ImagesCard.class);
    }
}
