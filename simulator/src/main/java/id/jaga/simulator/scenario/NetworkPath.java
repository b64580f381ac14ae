package id.jaga.simulator.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One MQTT client's network path to the broker: a TCP relay on a port of its own that a scenario
 * can hold. While held nothing passes either way, but the connections stay open, as on a link
 * that died without a word; released, what waited flows on. Holding rather than resetting keeps
 * the clients' reconnect backoff (seconds of wall time, hours of a fast scenario's time) out of
 * the drill: the outage lasts exactly as long as the scenario says.
 */
final class NetworkPath implements AutoCloseable {
    private final String host;
    private final int port;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "network-path");
        t.setDaemon(true);
        return t;
    });
    private final Object gate = new Object();
    private volatile boolean held;

    NetworkPath(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    void hold(boolean hold) {
        synchronized (gate) {
            held = hold;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(host, port);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pumps.execute(() -> pump(client, broker));
                pumps.execute(() -> pump(broker, client));
            } catch (IOException e) {
                // closed, or the broker refused this one connection: the client will try again
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                waitWhileHeld();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other too, as a real connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void waitWhileHeld() throws InterruptedException {
        synchronized (gate) {
            while (held) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(NetworkPath::closeQuietly);
        pumps.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
