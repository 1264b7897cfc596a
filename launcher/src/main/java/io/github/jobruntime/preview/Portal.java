package io.github.jobruntime.preview;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.io.ServiceFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The portal page around the job's status page: what the preview knows about the job (state, elapsed time,
 * exit code, result once it has ended) and the messages sent to it. Every request reads the service folder
 * afresh: the job replaces status.html by a rename at any time.
 */
final class Portal {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Portal.class.getClassLoader(), Portal.class.getPackageName());

    /** Result text shown in the portal; the platform passes on all of it, the page needs only a look. */
    private static final int RESULT_SHOWN_BYTES = 64 * 1024;

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** What a strict portal allows the job's page: its own scripts and its own origin, nothing more. */
    static final String SANDBOX = "allow-scripts allow-same-origin";

    private final ServiceFolder service;
    private volatile Optional<LaunchedCommand> command = Optional.empty();
    private final SentMessages sent;
    private final Duration refresh;
    private final boolean sandboxed;
    private final Instant attachedAt;

    Portal(ServiceFolder service, SentMessages sent, Duration refresh, boolean sandboxed) {
        this.service = service;
        this.sent = sent;
        this.refresh = refresh;
        this.sandboxed = sandboxed;
        this.attachedAt = Instant.now();
    }

    void track(LaunchedCommand launched) {
        command = Optional.of(launched);
    }

    /** The job's page as it is now, or empty when it has not written one yet. */
    @SuppressWarnings("ArrayRecordComponent") // the bytes served once, never compared: the version says what changed
    record StatusFile(byte[] bytes, String version) {
    }

    Optional<StatusFile> readStatus() {
        Path file = service.statusFile();
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            String version = attributes.fileKey() + "-" + attributes.lastModifiedTime().toInstant() + "-"
                    + attributes.size();
            return Optional.of(new StatusFile(Files.readAllBytes(file), version));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    byte[] render() {
        return render("portal.jte", Map.of("view", view()));
    }

    /** The stand-in shown in the frame until the job writes its first page. */
    byte[] renderWaiting() {
        return render("waiting.jte", Map.of("file", service.statusFile().toString()));
    }

    PortalView view() {
        Optional<LaunchedCommand> command = this.command;
        Optional<StatusFile> status = readStatus();
        String pageState = status.map(s -> pageState(s.bytes())).orElse("");
        boolean pageTerminal = isTerminal(pageState);
        Optional<LaunchedCommand.Exit> exit = command.flatMap(LaunchedCommand::exited);
        Optional<String> resultText = readResult();
        boolean ended = command.isPresent()
                ? exit.isPresent()
                : pageTerminal || resultText.filter(r -> !r.isBlank() && !r.strip().equals(ServiceFolder.UNSET)).isPresent();

        String state;
        String stateLabel;
        if (!pageState.isEmpty() && (pageTerminal || !ended)) {
            state = pageState;
            stateLabel = pageState.substring(0, 1).toUpperCase(Locale.ROOT) + pageState.substring(1);
        } else if (ended) {
            state = "ended";
            stateLabel = "Ended";
        } else if (status.isEmpty()) {
            state = "starting";
            stateLabel = "Waiting for status.html";
        } else {
            state = "running";
            stateLabel = "Running";
        }

        Instant now = Instant.now();
        Instant from = command.map(LaunchedCommand::startedAt).orElse(attachedAt);
        Instant to = exit.map(LaunchedCommand.Exit::at).orElse(now);
        String process = command.map(c -> exit.map(e -> "exit code " + e.exitCode())
                .orElse("running, pid " + c.pid())).orElse("");
        return new PortalView(service.dir().toString(), command.map(LaunchedCommand::commandLine).orElse(""),
                state, stateLabel, process, command.isPresent() ? "Elapsed" : "Watching for",
                Duration.between(from, to).toMillis(), exit.isEmpty(), ended, status.isEmpty(),
                status.filter(s -> !StatusInjector.hasHead(s.bytes())).isPresent(),
                ended ? resultText.orElse("(no result.txt in " + service.dir() + ")") : "",
                sent.newestFirst().stream()
                        .map(s -> new PortalView.SentLine(CLOCK.format(s.at()), s.message())).toList(),
                sent.count(), status.map(StatusFile::version).orElse("none"), refresh.toMillis(),
                sandboxed ? SANDBOX : null, JobRuntime.version());
    }

    private Optional<String> readResult() {
        Path file = service.resultFile();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(RESULT_SHOWN_BYTES + 1);
            String text = new String(bytes, 0, Math.min(bytes.length, RESULT_SHOWN_BYTES), StandardCharsets.UTF_8);
            return Optional.of(bytes.length > RESULT_SHOWN_BYTES ? text + "\n… (cut at 64 KiB)" : text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    /** The state job-runtime writes into its pages for scripts, lower case; other jobs' pages lack it. */
    private static String pageState(byte[] page) {
        return Platform.Page.parse(new String(page, StandardCharsets.UTF_8)).state()
                .map(state -> state.name().toLowerCase(Locale.ROOT)).orElse("");
    }

    private static boolean isTerminal(String pageState) {
        for (JobState state : JobState.values()) {
            if (state.name().toLowerCase(Locale.ROOT).equals(pageState)) {
                return state.isTerminal();
            }
        }
        return false;
    }

    private static byte[] render(String template, Map<String, Object> params) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        ENGINE.render(template, params, output);
        return output.toByteArray();
    }
}
