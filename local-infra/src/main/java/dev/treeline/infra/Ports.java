package dev.treeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests and the local run; a fixed port is used as given.
 *
 * <p>A port is chosen now and bound later by another process, so it must not be one the kernel may hand out
 * meanwhile as the local end of an outgoing connection (Kafka clients, JDBC, HTTP open many). Ports are
 * therefore drawn below the ephemeral range ({@code ip_local_port_range}), never twice from one JVM, and
 * checked by binding; only if that range is unusable does the kernel pick.
 */
public final class Ports {

    /** The fixed ports of the local run (15432, 19000, 19092) and the services (8081-8086) lie below this. */
    private static final int LOWEST = 20000;
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    static int resolve(int requested) {
        return requested > 0 ? requested : free();
    }

    public static int free() {
        int end = ephemeralStart();
        if (end - LOWEST >= 1000) {
            for (int attempt = 0; attempt < 500; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
                if (HANDED_OUT.add(port)) {
                    if (bindable(port)) {
                        return port;
                    }
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** First port of the kernel's ephemeral range (Linux); 32768 where it cannot be read. */
    static int ephemeralStart() {
        try {
            // readAllLines, not readString: /proc files report size 0 and readString can come back truncated.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 1024 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(int port, String what) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " for " + what + " is already in use; stop what uses it or choose"
                    + " another port", e);
        }
    }
}
