package io.github.jobruntime.launcher;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A Java job for child-JVM tests of the stop path: it waits until it is interrupted, or until a file appears
 * and then returns {@code --result}. Optionally with an abort listener that never returns.
 */
@Command(name = "stop-test-job", mixinStandardHelpOptions = true)
public final class StopTestJob implements Callable<Integer> {

    @Mixin
    private JobRuntimeOptions runtime;

    /** For picocli, which makes the command. */
    public StopTestJob() {
    }

    @Option(names = "--hanging-listener", description = "Adds an abort listener that never returns.")
    private boolean hangingListener;

    @Option(names = "--return-when", paramLabel = "FILE", description = "Returns once FILE exists.")
    private Path returnWhen;

    @Option(names = "--result", paramLabel = "TEXT", defaultValue = "done")
    private String result;

    @Option(names = "--exit-with", paramLabel = "STATUS",
            description = "Ends the JVM with System.exit(STATUS) from the job, as legacy solvers do.")
    private Integer exitWith;

    @Option(names = "--exit-on-abort", paramLabel = "STATUS",
            description = "Adds an abort listener that ends the JVM with System.exit(STATUS).")
    private Integer exitOnAbort;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new StopTestJob(), args));
    }

    @Override
    public Integer call() {
        JobRuntime.Builder builder = JobRuntime.builder().title("Stop test job");
        if (hangingListener) {
            builder.onAbort(StopTestJob::hangForever);
        }
        if (exitOnAbort != null) {
            builder.onAbort(() -> System.exit(exitOnAbort));
        }
        return builder.options(runtime).build().run(this::work).exitCode();
    }

    private String work(JobContext ctx) throws InterruptedException {
        if (exitWith != null) {
            System.exit(exitWith);
        }
        if (returnWhen == null) {
            new CountDownLatch(1).await();
        }
        while (!Files.exists(returnWhen)) {
            Thread.sleep(5);
        }
        return result;
    }

    /** Like a listener stuck on a hung NFS mount: deaf to interrupts. */
    @SuppressWarnings("InfiniteLoopStatement") // the point of this listener
    private static void hangForever() {
        while (true) {
            LockSupport.park();
        }
    }
}
