package io.github.jobruntime.examples.abortablewaiter;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.launcher.JobRuntimeOptions;
import io.github.jobruntime.launcher.Launcher;
import io.github.jobruntime.JobState;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The platform's reference abortable waiter: waits SECONDS seconds with an Abort button on its own status page
 * ({@code src/main/jte/status.jte}, made of the runtime's parts and a section of its own).
 * On abort it reports the whole seconds it actually waited: {@code Done. My waiting was aborted after K
 * seconds.}; otherwise {@code Done. I have waited N seconds.}
 */
@Command(name = "abortable_waiter", mixinStandardHelpOptions = true,
        description = "Waits SECONDS seconds on the cluster; can be stopped early.")
public final class AbortableWaiter implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private JobRuntimeOptions runtime;

    @Parameters(paramLabel = "SECONDS", description = "How long to wait, in whole seconds (0 or more).")
    private int seconds;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new AbortableWaiter(), args));
    }

    @Override
    public Integer call() {
        if (seconds < 0) {
            throw new ParameterException(spec.commandLine(), "SECONDS must be 0 or more, got " + seconds);
        }
        return JobRuntime.builder()
                .title("Abortable waiter")
                .control("Abort", "ABORT", "Really abort the waiting?")
                .template(JtestatusGenerated::render)
                .options(runtime)
                .build()
                .run(this::wait)
                .exitCode();
    }

    private String wait(JobContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        ctx.fact("Seconds to wait", Integer.toString(seconds));
        ctx.fact("Step", "1 second");
        ctx.progress(0, seconds);
        try {
            for (int waited = 1; waited <= seconds; waited++) {
                Thread.sleep(1000);
                ctx.progress(waited, seconds);
                ctx.message("Waited " + waited + " of " + seconds + " seconds");
            }
        } catch (InterruptedException e) {
            // ABORT from the page: report what was done. A termination signal: let the runtime say CANCELLED.
            if (ctx.stopRequest().orElse(null) == JobState.ABORTED) {
                long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                return "Done. My waiting was aborted after " + waited + " seconds.";
            }
            throw e;
        }
        return "Done. I have waited " + seconds + " seconds.";
    }
}
