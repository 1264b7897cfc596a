package io.github.jobruntime.command;

import io.github.jobruntime.MessageHandler;
import io.github.jobruntime.command.MessageAction.On;
import io.github.jobruntime.os.ProcessTree;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the command's {@code --on} messages do, from the dispatcher's thread, to the command the job started. */
final class MessageActions implements AutoCloseable {

    private final List<On> actions;
    private final Path workDir;
    private volatile ProcessTree tree;
    private volatile StdinFeeder stdin;

    MessageActions(List<On> actions, Path workDir) {
        this.actions = List.copyOf(actions);
        this.workDir = workDir;
    }

    /** {@return whether an action writes to the command's standard input, which is then a pipe} */
    boolean writeStdin() {
        return actions.stream().anyMatch(on -> on.action() instanceof MessageAction.WriteStdin);
    }

    /** The command has started: the actions now reach it. */
    void started(ProcessTree command) {
        if (writeStdin()) {
            stdin = new StdinFeeder(command.process().getOutputStream());
        }
        tree = command;
    }

    /** {@return a handler per message, to register with the runtime} */
    Map<String, MessageHandler> handlers() {
        Map<String, MessageHandler> handlers = new LinkedHashMap<>();
        for (On on : actions) {
            handlers.put(on.message(), (ctx, argument) -> act(on, argument));
        }
        return handlers;
    }

    private void act(On on, String argument) throws IOException {
        MessageAction action = on.action();
        if (action instanceof MessageAction.Touch touch) {
            touch(workDir.resolve(touch.file()));
            return;
        }
        ProcessTree running = tree;
        if (running == null || !running.process().isAlive()) {
            throw new IllegalStateException("the command is not running");
        }
        if (action instanceof MessageAction.SendSignal send) {
            running.signalRoot(send.signal());
        } else {
            stdin.send(argument.isEmpty() ? on.message() : on.message() + " " + argument);
        }
    }

    /** Creates {@code file}, or makes it newer; another process (another MPI rank's launcher) may race for it. */
    static void touch(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException there) {
            try {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (NoSuchFileException taken) {
                // The program it is meant for has seen it and removed it meanwhile.
            }
        }
    }

    /** Stops feeding the command's standard input: the command has ended. */
    @Override
    public void close() {
        StdinFeeder feeder = stdin;
        if (feeder != null) {
            feeder.close();
        }
    }
}
