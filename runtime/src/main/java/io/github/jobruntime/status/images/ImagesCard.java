package io.github.jobruntime.status;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pictures on the page, in the order their names first appeared. A new picture replaces the one of the
 * same name; beyond {@link #MAX_IMAGES} pictures or {@link #MAX_TOTAL_BYTES} embedded, the least recently
 * updated ones leave the page, so a job that writes {@code snapshot-0001.png}, {@code snapshot-0002.png}, …
 * shows its newest. Not thread-safe: the {@link StatusModel}'s lock guards it.
 */
final class PageImages {

    private static final Logger LOG = LoggerFactory.getLogger(PageImages.class);

    static final int MAX_IMAGES = 8;
    /** Embedded bytes on the page at most, before base64: four images at the per-image cap. */
    static final long MAX_TOTAL_BYTES = 4L * PageImage.MAX_BYTES;

    private record Shown(PageImage image, long update) {
    }

    private final Map<String, Shown> byName = new LinkedHashMap<>();
    private long updates;
    private long embeddedBytes;
    private boolean droppedBefore;

    void put(PageImage image) {
        Shown previous = byName.put(image.name(), new Shown(image, ++updates));
        if (previous != null) {
            embeddedBytes -= embeddedBytes(previous.image());
        }
        embeddedBytes += embeddedBytes(image);
        // Once per image going over the cap, not at every update of a picture that stays too large.
        if (image.embedded() == null && (previous == null || previous.image().embedded() != null)) {
            LOG.warn("{}", image.capNote());
        }
        while (byName.size() > MAX_IMAGES || embeddedBytes > MAX_TOTAL_BYTES) {
            Shown oldest = byName.values().stream().min(Comparator.comparingLong(Shown::update)).orElseThrow();
            byName.remove(oldest.image().name());
            embeddedBytes -= embeddedBytes(oldest.image());
            if (!droppedBefore) {
                droppedBefore = true;
                LOG.warn("image '{}' left the status page: it shows at most {} images and {} in all, the most "
                        + "recently updated; further drops are logged at debug level",
                        oldest.image().name(), MAX_IMAGES, Formats.size(MAX_TOTAL_BYTES));
            } else {
                LOG.debug("image '{}' left the status page", oldest.image().name());
            }
        }
    }

    List<PageImage> list() {
        return byName.values().stream().map(Shown::image).toList();
    }

    private static long embeddedBytes(PageImage image) {
        return image.embedded() == null ? 0 : image.size();
    }
}
