package io.github.jobruntime.status.card;

/**
 * A figure for people and for scripts: {@code <span data-jr="NAME" data-value="RAW">TEXT</span>}, the names of
 * which scripts and the platform read, so that they never change.
 *
 * @param raw    the number in base units (cores, bytes, seconds), without separators or exponent
 * @param detail what the figure is set against, e.g. {@code of 2 cores (CPU affinity)}, or empty
 */
public record Figure(String label, String name, String raw, String text, String detail) {
}
