package io.github.jobruntime.notify;

import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that writes to a notifications file from another process: the messages of a burst exactly as the
 * platform appends them ({@link Platform#send}), and the raw writes of the faults a reader must survive (a line in
 * two writes, a file emptied or rewritten in place). Commands come on stdin, one per line, each answered with
 * {@code ok} on stdout once done:
 * <pre>
 * append TEXT       appends TEXT as is in one write, where \n stands for a newline and \\ for a backslash
 * burst N PREFIX    sends the N messages "PREFIX-0" .. "PREFIX-(N-1)" as the platform does
 * empty-append TEXT empties the file, then at once appends TEXT: {@code : > FILE; printf TEXT >> FILE}
 * replace TEXT      opens the file truncating it and writes TEXT: {@code printf TEXT > FILE}
 * overwrite TEXT    writes TEXT over the start of the file, without truncating it
 * </pre>
 */
final class PlatformAppender implements AutoCloseable {

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;

    private PlatformAppender(Process process) {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the child JVM, writing to {@code file}, a {@value Platform#NOTIFICATIONS_FILE} in a service folder. */
    static PlatformAppender start(Path file) throws IOException {
        if (!file.getFileName().toString().equals(Platform.NOTIFICATIONS_FILE)) {
            throw new IllegalArgumentException(file + " is not a " + Platform.NOTIFICATIONS_FILE
                    + ": the platform's messages go there only");
        }
        Process process = new ProcessBuilder(ChildJvm.command(PlatformAppender.class, file.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new PlatformAppender(process);
    }

    /** Appends {@code text} with one write, and returns once the child has done it. */
    void append(String text) throws IOException {
        command("append " + escape(text));
    }

    /** Empties the file and appends {@code text} right after, as {@code : > FILE; printf TEXT >> FILE} does. */
    void emptyThenAppend(String text) throws IOException {
        command("empty-append " + escape(text));
    }

    /** Replaces the file's content with {@code text} in one open, as {@code printf TEXT > FILE} does. */
    void replace(String text) throws IOException {
        command("replace " + escape(text));
    }

    /** Writes {@code text} over the first bytes of the file, keeping its length if it is longer. */
    void overwrite(String text) throws IOException {
        command("overwrite " + escape(text));
    }

    /** Sends {@code count} messages {@code prefix-i} as the platform does, and returns once all are written. */
    void burst(int count, String prefix) throws IOException {
        command("burst " + count + " " + prefix);
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void command(String command) throws IOException {
        commands.println(command);
        String answer = answers.readLine();
        if (!"ok".equals(answer)) {
            throw new IOException("appender process answered " + answer + " to: " + command);
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.startsWith("append ")) {
                appendRaw(file, unescape(command.substring("append ".length())));
            } else if (command.startsWith("empty-append ")) {
                write(file, "", StandardOpenOption.TRUNCATE_EXISTING);
                appendRaw(file, unescape(command.substring("empty-append ".length())));
            } else if (command.startsWith("replace ")) {
                String text = unescape(command.substring("replace ".length()));
                write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
            } else if (command.startsWith("overwrite ")) {
                write(file, unescape(command.substring("overwrite ".length())));
            } else if (command.startsWith("burst ")) {
                String[] parts = command.split(" ", 3);
                int count = Integer.parseInt(parts[1]);
                Platform platform = Platform.at(file.getParent());
                for (int i = 0; i < count; i++) {
                    platform.send(parts[2] + "-" + i);
                }
            } else {
                throw new IllegalArgumentException("unknown command: " + command);
            }
            System.out.println("ok");
            System.out.flush();
        }
    }

    private static void appendRaw(Path file, String text) throws IOException {
        write(file, text, StandardOpenOption.APPEND);
    }

    private static void write(Path file, String text, StandardOpenOption... extra) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        options.addAll(List.of(extra));
        try (FileChannel channel = FileChannel.open(file, options)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String escaped) {
        StringBuilder text = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                i++;
                text.append(escaped.charAt(i) == 'n' ? '\n' : escaped.charAt(i));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
