package io.github.jobruntime.cli;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.launcher.DurationConverter;
import io.github.jobruntime.launcher.ServiceDirOption;
import io.github.jobruntime.preview.JobFolders;
import io.github.jobruntime.preview.LaunchedCommand;
import io.github.jobruntime.preview.PreviewServer;
import io.github.jobruntime.preview.PreviewSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code job-runtime preview}: the platform's portal on the developer's machine, in a browser. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Shows a job's status page the way the platform's portal does, with notify_running_job "
                + "injected so that its buttons really send messages, a box to send messages by hand, and the "
                + "result once the job has ended. Prints the portal's URL and serves it until Ctrl-C.",
                "With a COMMAND (after --), starts it with JOB_RUNTIME_SERVICE_DIR, JOB_RUNTIME_HOME_DIR and "
                + "JOB_RUNTIME_SCRATCH_DIR set (fresh temp folders unless given) and shows its exit code. "
                + "Without one, watches the service folder of a job started otherwise, e.g. by test.sh."})
final class PreviewCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServiceDirOption serviceDirOption;

    @Option(names = "--home-dir", paramLabel = "DIR", defaultValue = "${env:JOB_RUNTIME_HOME_DIR}",
            description = "The COMMAND's home folder (env JOB_RUNTIME_HOME_DIR, default: a new temp folder).")
    private Path homeDir;

    @Option(names = "--scratch-dir", paramLabel = "DIR", defaultValue = "${env:JOB_RUNTIME_SCRATCH_DIR}",
            description = "The COMMAND's scratch folder (env JOB_RUNTIME_SCRATCH_DIR, default: a new temp folder).")
    private Path scratchDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to serve the portal on, 0 for any free one (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = PreviewSettings.DEFAULT_BIND,
            description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only). Any other address "
                    + "lets everyone who can reach it read the job's page and send it messages.")
    private String bind;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often the portal reloads the job's page (default ${DEFAULT-VALUE}).")
    private Duration refresh;

    @Option(names = "--sandbox", description = "Shows the job's page in <iframe sandbox=\"allow-scripts "
            + "allow-same-origin\">, as a strict portal does: confirm(), alert() and prompt() do nothing there.")
    private boolean sandbox;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The job to start, after --: e.g. -- java -jar app.jar 10.")
    private List<String> command = List.of();

    @Override
    public Integer call() throws InterruptedException {
        Path serviceDir = serviceDirOption.orVariable(System.getenv()).orElse(null);
        if (command.isEmpty() && serviceDir == null) {
            throw new JobConfigurationException("nothing to preview - give a job to start after --, e.g. "
                    + "-- java -jar app.jar 10, or the service folder of a running job with --service-dir DIR");
        }
        JobFolders folders = command.isEmpty() ? null : JobFolders.create(serviceDir, homeDir, scratchDir);
        // Ctrl-C or SIGTERM ends this JVM: the job is cancelled as the batch system would, not left running, and
        // only then are the temp folders this preview made removed. One hook, as hooks run in no set order.
        AtomicReference<LaunchedCommand> running = new AtomicReference<>();
        Thread end = Threads.addShutdownHook("job-runtime-preview-stop", () -> {
            Optional.ofNullable(running.get()).ifPresent(LaunchedCommand::close);
            removeTemp(folders);
        });
        try {
            return serve(serviceDir, folders, running);
        } finally {
            if (Threads.removeShutdownHook(end)) {
                removeTemp(folders);
            }
        }
    }

    private int serve(Path serviceDir, JobFolders folders, AtomicReference<LaunchedCommand> running)
            throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PreviewSettings settings = new PreviewSettings(folders == null ? watchedFolder(serviceDir) : folders.service(),
                bind, port, refresh, sandbox);
        warnWhenExposed(settings);
        try (PreviewServer server = PreviewServer.start(settings)) {
            if (folders == null) {
                out.printf("preview: watching %s%n", settings.serviceDir());
                printUrl(server);
                waitForCtrlC();
                return 0;
            }
            out.printf("preview: service folder %s, home %s, scratch %s%n", folders.service(), folders.home(),
                    folders.scratch());
            printUrl(server);
            try (LaunchedCommand job = LaunchedCommand.start(command, folders)) {
                running.set(job);
                server.track(job);
                out.printf("preview: started %s%n", job);
                out.flush();
                LaunchedCommand.Exit exit = job.exit().join();
                out.printf("preview: the command exited with code %d - the portal stays at %s until Ctrl-C%n",
                        exit.exitCode(), server.url());
                out.flush();
                waitForCtrlC();
            }
        }
        return 0;
    }

    /**
     * The folder of a job started otherwise, made when missing: the preview may start before the job (test.sh
     * makes temp_service when it starts). Nothing is bound here, so the fix is never a bind.
     */
    private Path watchedFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JobConfigurationException("service folder " + dir + " is not a folder - give the folder the job "
                    + "writes to with --service-dir DIR");
        }
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new JobConfigurationException("cannot create the service folder " + dir + " (" + e + ") - give "
                        + "the folder the job writes to with --service-dir DIR", e);
            }
            spec.commandLine().getOut().printf("preview: created %s, waiting for a job to write to it%n", dir);
        }
        if (!Files.isWritable(dir)) {
            throw new JobConfigurationException("cannot write to service folder " + dir + ", where the preview "
                    + "appends the messages sent - give a writable folder with --service-dir DIR");
        }
        return dir;
    }

    private static void removeTemp(JobFolders folders) {
        if (folders != null) {
            folders.removeTemp();
        }
    }

    private void printUrl(PreviewServer server) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("preview: %s%n", server.url());
        out.flush();
    }

    private void warnWhenExposed(PreviewSettings settings) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(settings.bind()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return; // the server names the bad address when it tries to listen
        }
        if (!loopback) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("preview: warning: listening on %s, not only on this machine - everyone who can reach it "
                    + "can read the job's page and send it messages%n", settings.bind());
            err.flush();
        }
    }

    /** Serves until the JVM is stopped (Ctrl-C, SIGTERM) or this thread is interrupted. */
    private static void waitForCtrlC() throws InterruptedException {
        new CountDownLatch(1).await();
    }

}
