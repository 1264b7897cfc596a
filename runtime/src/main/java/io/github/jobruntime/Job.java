package io.github.jobruntime;

/**
 * A computation run as a platform job.
 *
 * <pre>{@code
 * Job job = ctx -> {
 *     for (int i = 1; i <= 10; i++) {
 *         Thread.sleep(1000);
 *         ctx.progress(i, 10);
 *     }
 *     return "Done. I have waited 10 seconds.";
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Job {

    /**
     * Runs the computation on the runtime's worker thread.
     *
     * @param ctx where the job reports progress and learns that it should stop
     * @return the text for {@code result.txt}, the job's single output in the workflow
     * @throws Exception any failure; the job then ends FAILED with the exception's message as reason
     */
    String run(JobContext ctx) throws Exception;
}
