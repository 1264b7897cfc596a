package io.github.jobruntime.examples.waiter;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.launcher.JobRuntimeOptions;
import io.github.jobruntime.launcher.Launcher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The platform's reference waiter as a job-runtime application: waits SECONDS seconds, one progress step
 * per second, and reports {@code Done. I have waited N seconds.}
 */
@Command(name = "waiter", mixinStandardHelpOptions = true,
        description = "Waits SECONDS seconds on the cluster, showing its progress on the status page.")
public final class Waiter implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private JobRuntimeOptions runtime;

    @Parameters(paramLabel = "SECONDS", description = "How long to wait, in whole seconds (0 or more).")
    private int seconds;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new Waiter(), args));
    }

    @Override
    public Integer call() {
        if (seconds < 0) {
            throw new ParameterException(spec.commandLine(), "SECONDS must be 0 or more, got " + seconds);
        }
        return JobRuntime.builder().title("Waiter").options(runtime).build().run(this::wait).exitCode();
    }

    private String wait(JobContext ctx) throws InterruptedException {
        ctx.progress(0, seconds);
        for (int waited = 1; waited <= seconds; waited++) {
            Thread.sleep(1000);
            ctx.progress(waited, seconds);
            ctx.message("Waited " + waited + " of " + seconds + " seconds");
        }
        return "Done. I have waited " + seconds + " seconds.";
    }
}
