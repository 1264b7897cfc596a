package io.github.jobruntime;

/**
 * Reacts to one control message, e.g. {@code CHECKPOINT} sent by a button on the status page. Handlers run
 * one at a time on the runtime's dispatcher thread, in the order the messages arrived.
 *
 * <pre>{@code
 * JobRuntime.builder()
 *         .on("CHECKPOINT", (ctx, argument) -> solver.requestCheckpoint())
 *         .control("Checkpoint now", "CHECKPOINT")
 * }</pre>
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles a message of the form {@code COMMAND [argument]}.
     *
     * @param argument the text after the command, trimmed; empty when there is none
     * @throws Exception any failure: it is logged and shown on the page, and the job goes on
     */
    void handle(JobContext ctx, String argument) throws Exception;
}
