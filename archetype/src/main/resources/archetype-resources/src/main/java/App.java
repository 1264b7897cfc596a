package ${package};

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.launcher.JobRuntimeOptions;
import io.github.jobruntime.launcher.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The job: works through STEPS steps, showing its progress, a message and its key figures on the status page
 * ({@code src/main/jte/status.jte}). The page's Abort button stops it early; its Checkpoint button writes the step
 * reached to {@code checkpoint.txt} in the scratch folder. Replace step() with your computation.
 */
@Command(name = "${artifactId}", mixinStandardHelpOptions = true,
        description = "Works through STEPS steps on the cluster; can be stopped early.")
public final class App implements Callable<Integer> {

    /** The message of the page's second button. */
    static final String CHECKPOINT = "CHECKPOINT";

    @Spec
    private CommandSpec spec;

    /** The standard options and JOB_RUNTIME_* variables: --service-dir, --home-dir, --scratch-dir, ... */
    @Mixin
    private JobRuntimeOptions runtime;

    @Parameters(paramLabel = "STEPS", description = "How many steps to work through (1 or more).")
    private int steps;

    @Option(names = "--step-millis", paramLabel = "MILLIS", defaultValue = "1000",
            description = "How long one step takes (default: ${DEFAULT-VALUE}).")
    private long stepMillis;

    private final AtomicBoolean checkpointRequested = new AtomicBoolean();

    /** For the command line: picocli sets the fields. */
    public App() {
    }

    /** For tests that run the job in their own JVM. */
    App(int steps, long stepMillis) {
        this.steps = steps;
        this.stepMillis = stepMillis;
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new App(), args));
    }

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "STEPS must be 1 or more, got " + steps);
        }
        return jobRuntime().options(runtime).build().run(this::work).exitCode();
    }

    /** {@return the page's title, buttons and message handlers: everything but the folders and options} */
    JobRuntime.Builder jobRuntime() {
        return JobRuntime.builder()
                .title("${title}")
                // src/main/jte/status.jte, compiled by the jte plugin (pom.xml).
                .template(JtestatusGenerated::render)
                .control("Abort", "ABORT", "Really abort the run?")
                .control("Checkpoint", CHECKPOINT)
                // Runs on the runtime's message thread: it only asks; the worker writes between two steps.
                .on(CHECKPOINT, (ctx, argument) -> checkpointRequested.set(true));
    }

    /** The job itself, on the runtime's worker thread; its return value becomes result.txt. */
    String work(JobContext ctx) throws InterruptedException, IOException {
        ctx.progress(0, steps);
        ctx.fact("Steps", Integer.toString(steps));
        ctx.fact("Step length", stepMillis + " ms");
        for (int done = 0; done < steps; done++) {
            try {
                step();
            } catch (InterruptedException e) {
                // ABORT from the page: say how far it got. A termination signal: let the runtime say CANCELLED.
                if (ctx.stopRequest().orElse(null) == JobState.ABORTED) {
                    return "Stopped after " + done + " of " + steps + " steps.";
                }
                throw e;
            }
            ctx.progress(done + 1, steps);
            ctx.message("Step " + (done + 1) + " of " + steps + " done");
            if (checkpointRequested.getAndSet(false)) {
                writeCheckpoint(ctx.scratchDir(), done + 1);
                ctx.fact("Last checkpoint", "step " + (done + 1));
                ctx.log("checkpoint written at step " + (done + 1));
            }
        }
        return "Done: " + steps + " steps.";
    }

    /** One step of the computation: here, a wait that ABORT and SIGTERM interrupt. */
    private void step() throws InterruptedException {
        Thread.sleep(stepMillis);
    }

    private static void writeCheckpoint(Path scratch, int step) throws IOException {
        Files.writeString(scratch.resolve("checkpoint.txt"), "step " + step + "\n", StandardCharsets.UTF_8);
    }
}
