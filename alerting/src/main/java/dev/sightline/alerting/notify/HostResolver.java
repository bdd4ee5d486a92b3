package dev.sightline.alerting.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name to addresses, as the JVM's resolver does; tests give a host name any answer they need. */
@FunctionalInterface
interface HostResolver {
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host} (never empty); an IP literal is its own answer. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
