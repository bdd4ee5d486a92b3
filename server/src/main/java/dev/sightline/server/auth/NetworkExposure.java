package dev.sightline.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Which configured listen addresses reach beyond this machine. */
record NetworkExposure(List<String> exposed) {

    static NetworkExposure of(String... hosts) {
        List<String> exposed = new ArrayList<>();
        for (String host : hosts) {
            if (!isLoopback(host)) {
                exposed.add(host);
            }
        }
        return new NetworkExposure(List.copyOf(exposed));
    }

    boolean loopbackOnly() {
        return exposed.isEmpty();
    }

    String refusal() {
        return "refusing to start: Sightline would listen on " + String.join(", ", exposed)
                + " (not loopback) with no token configured, so anyone who can reach it could read and write all "
                + "telemetry. Configure a token file (sightline.auth.token-file / SIGHTLINE_AUTH_TOKEN_FILE; "
                + "`bin/sightline token --scope admin` prints a token and its hash), or bind to 127.0.0.1 "
                + "(sightline.host), or accept the risk explicitly with "
                + "sightline.auth.allow-unauthenticated-network-access=true.";
    }

    /** Loopback names and addresses; anything that does not resolve counts as exposed. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost")) {
            return true;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
