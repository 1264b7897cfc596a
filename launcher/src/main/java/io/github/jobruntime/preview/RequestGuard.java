package io.github.jobruntime.preview;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps other web sites away from the job. A page from another site may make the browser send requests to
 * the preview: a form POST to {@code /notify} comes with that site's {@code Origin}, and a site whose name is
 * made to resolve to this machine (DNS rebinding) sends its own name as {@code Host}. So every request must
 * name this machine in {@code Host} (an IP address, {@code localhost} or the machine's host name) with the
 * preview's port, and a POST must come from the portal's own origin.
 */
final class RequestGuard {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(?:%[0-9a-z]+)?]");

    private final int port;
    private volatile Set<String> machineNames;

    RequestGuard(int port) {
        this.port = port;
    }

    /** {@return why the request's {@code Host} header is refused, or empty when it names this preview} */
    Optional<String> refuseHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("the request has no Host header");
        }
        String value = host.strip().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        boolean hasPort = colon > value.lastIndexOf(']');
        String name = hasPort ? value.substring(0, colon) : value;
        String portText = hasPort ? value.substring(colon + 1) : "80";
        if (!portText.equals(Integer.toString(port))) {
            return Optional.of("Host " + host + " is not this preview's port " + port);
        }
        if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches() || name.equals("localhost")
                || machineNames().contains(name)) {
            return Optional.empty();
        }
        return Optional.of("Host " + host + " does not name this machine - open the preview by IP address, "
                + "localhost or this machine's host name");
    }

    /** {@return why a POST is refused, or empty when it comes from the portal's own page} */
    Optional<String> refuseOrigin(String origin, String host) {
        if (origin == null) {
            return Optional.of("the request has no Origin header: only the portal's pages may send messages "
                    + "here - from a shell, use job-runtime notify");
        }
        if (!origin.strip().equalsIgnoreCase("http://" + host.strip())) {
            return Optional.of("Origin " + origin + " is not the portal's own (http://" + host.strip() + ")");
        }
        return Optional.empty();
    }

    private Set<String> machineNames() {
        Set<String> names = machineNames;
        if (names == null) {
            names = lookUpMachineNames();
            machineNames = names;
        }
        return names;
    }

    private static Set<String> lookUpMachineNames() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return Set.copyOf(List.of(local.getHostName().toLowerCase(Locale.ROOT),
                    local.getCanonicalHostName().toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            return Set.of();
        }
    }
}
