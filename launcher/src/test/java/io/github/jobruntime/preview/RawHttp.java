package io.github.jobruntime.preview;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that a test controls every byte a browser or an attacker could send: the
 * request target as written, {@code Host}, {@code Origin}, {@code Content-Length}.
 */
final class RawHttp {

    /** A response: status code, headers by lower-case name, body as UTF-8. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** {@return the {@code Host} a browser sends for the preview on loopback} */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** {@return the {@code Origin} of the portal's own pages} */
    String origin() {
        return "http://" + host();
    }

    Response get(String target) {
        return send("GET", target, Map.of("Host", host()), new byte[0]);
    }

    /** A POST to /notify as the portal's own page makes it. */
    Response notify(String message) {
        return send("POST", "/notify", Map.of("Host", host(), "Origin", origin()),
                message.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one request with {@code headers} (plus Content-Length when there is a body) and reads the answer. */
    Response send(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0 && !headers.containsKey("Content-Length")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed", e);
        }
    }

    /** Reads by Content-Length: a server may keep the connection open to drain a request body it refused. */
    private static Response parse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response headers: " + head);
            }
            head.append((char) b);
        }
        String[] lines = head.toString().strip().split("\r\n", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Response(Integer.parseInt(lines[0].split(" ", -1)[1]), headers, new String(body, StandardCharsets.UTF_8));
    }
}
