package io.github.jobruntime.preview;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.Platform;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;

/**
 * The platform on the developer's machine: an HTTP server with a portal page at {@code /} that shows the job's
 * {@code status.html} the way the platform does, with {@code notify_running_job(message)} injected so that its
 * buttons really send messages. Serves only {@code /}, {@code /status.html} and {@code /notify}.
 *
 * <pre>{@code
 * try (PreviewServer server = PreviewServer.start(
 *         new PreviewSettings(Path.of("temp_service"), "127.0.0.1", 8080, Duration.ofSeconds(2), false))) {
 *     System.out.println("preview: " + server.url());
 *     ...
 * }
 * }</pre>
 */
public final class PreviewServer implements AutoCloseable {

    /** The largest message accepted; the job cuts lines at 64 KiB anyway, and a person types far less. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024;

    private static final Logger LOG = Logs.get(PreviewServer.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServiceFolder service;
    private final Portal portal;
    private final SentMessages sent = new SentMessages();
    private final RequestGuard guard;
    private final URI url;

    private PreviewServer(PreviewSettings settings) {
        this.service = ServiceFolder.open(settings.serviceDir());
        this.portal = new Portal(service, sent, settings.refresh(), settings.sandboxed());
        InetAddress address = address(settings.bind());
        // The JDK server waits forever for a slow request by default: a few stalled connections would take every
        // pool thread, and with them the Abort button. These are read when the server classes load.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, settings.port()), 0);
        } catch (BindException e) {
            throw new JobConfigurationException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage() + " - give another port with --port N, or --port 0 for a free one", e);
        } catch (IOException e) {
            throw new JobConfigurationException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + e, e);
        }
        int port = server.getAddress().getPort();
        this.guard = new RequestGuard(port);
        this.url = URI.create("http://" + urlHost(address) + ":" + port + "/");
        this.executor = Executors.newFixedThreadPool(THREADS, Threads.numbered("job-runtime-preview-"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves the service folder of a job: one started by {@code test.sh}, or one {@link #track(LaunchedCommand)
     * started} once the preview listens.
     *
     * @throws JobConfigurationException when the folder is unusable or the address cannot be listened on
     */
    public static PreviewServer start(PreviewSettings settings) {
        return new PreviewServer(settings);
    }

    /** Shows how {@code command}, the job writing the service folder, runs and ends: elapsed time, exit code. */
    public void track(LaunchedCommand command) {
        portal.track(Objects.requireNonNull(command, "command"));
    }

    /** {@return the portal's address, for people to open} */
    public URI url() {
        return url;
    }

    /** {@return the address and port listened on} */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once; requests in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.warn("preview: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            try {
                sendText(exchange, 500, "the preview failed: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the response had already begun; closing the exchange below ends it
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        Optional<String> refusal = guard.refuseHost(host);
        if (refusal.isPresent()) {
            sendText(exchange, 403, refusal.get());
            return;
        }
        switch (exchange.getRequestURI().getRawPath()) {
            case "/" -> {
                if (allow(exchange, "GET")) {
                    send(exchange, 200, "text/html; charset=utf-8", portal.render());
                }
            }
            case "/status.html" -> {
                if (allow(exchange, "GET")) {
                    sendStatus(exchange);
                }
            }
            case "/notify" -> {
                if (allow(exchange, "POST")) {
                    notify(exchange, host);
                }
            }
            default -> sendText(exchange, 404, "not found - the preview serves /, /status.html and /notify only");
        }
    }

    /** The job's page as the platform forwards it: with {@code notify_running_job} after {@code <head…>}. */
    private void sendStatus(HttpExchange exchange) throws IOException {
        Optional<Portal.StatusFile> status = portal.readStatus();
        if (status.isEmpty()) {
            send(exchange, 404, "text/html; charset=utf-8", portal.renderWaiting());
            return;
        }
        byte[] page = status.get().bytes();
        send(exchange, 200, "text/html; charset=utf-8", StatusInjector.inject(page).orElse(page));
    }

    /** Appends the message and a newline to notifications.txt, as the platform does. */
    private void notify(HttpExchange exchange, String host) throws IOException {
        Optional<String> refusal = guard.refuseOrigin(exchange.getRequestHeaders().getFirst("Origin"), host);
        if (refusal.isPresent()) {
            sendText(exchange, 403, refusal.get());
            return;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > MAX_MESSAGE_BYTES) {
            sendText(exchange, 413, tooLong());
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_MESSAGE_BYTES + 1);
        if (body.length > MAX_MESSAGE_BYTES) {
            sendText(exchange, 413, tooLong());
            return;
        }
        String message = new String(body, StandardCharsets.UTF_8);
        if (message.isBlank()) {
            sendText(exchange, 400, "the message is empty - every job ignores empty lines");
            return;
        }
        Platform.at(service.dir()).send(message);
        sent.add(new SentMessages.Sent(Instant.now(), message));
        LOG.info("preview: sent {}", message);
        send(exchange, 204, "text/plain; charset=utf-8", new byte[0]);
    }

    private static boolean allow(HttpExchange exchange, String method) throws IOException {
        String asked = exchange.getRequestMethod();
        if (asked.equals(method) || (method.equals("GET") && asked.equals("HEAD"))) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method.equals("GET") ? "GET, HEAD" : method);
        sendText(exchange, 405, asked + " is not allowed here - use " + method);
        return false;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String tooLong() {
        return "the message is longer than " + MAX_MESSAGE_BYTES + " bytes - send a short command such as ABORT";
    }

    private static void sendText(HttpExchange exchange, int code, String text) throws IOException {
        send(exchange, code, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "SAMEORIGIN");
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, noBody ? -1 : body.length);
        if (!noBody) {
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            // Out before the exchange closes: closing first drains a refused request body the client may still hold.
            out.flush();
        }
    }

    private static InetAddress address(String bind) {
        try {
            return InetAddress.getByName(bind.strip());
        } catch (UnknownHostException e) {
            throw new JobConfigurationException("cannot listen on " + bind + ": unknown address - give an IP "
                    + "address such as --bind 127.0.0.1", e);
        }
    }

    /** The host for the printed URL: a browser cannot open the wildcard address, so loopback stands in for it. */
    private static String urlHost(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String literal = address.getHostAddress();
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }
}
