package id.jaga.sensors.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with Nagle's algorithm off. MQTT sends many small packets in a row (a publish, then the
 * next before the first is acknowledged); with Nagle on, the second waits for the broker's delayed
 * TCP acknowledgement, some 40 ms, which is most of an alarm's way to the NOC.
 */
public final class NoDelaySockets {
    private NoDelaySockets() {
    }

    public static SocketFactory plain() {
        return wrap(SocketFactory.getDefault());
    }

    /** TLS over a socket without Nagle: the TLS factory layers itself on one it did not create. */
    static SocketFactory tls(SSLSocketFactory tls) {
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return tls.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return tls.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket() throws IOException {
                return noDelay(tls.createSocket());
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return noDelay(tls.createSocket(noDelay(s), host, port, autoClose));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(tls.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(tls.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(tls.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return noDelay(tls.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    private static SocketFactory wrap(SocketFactory plain) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return noDelay(plain.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(plain.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return noDelay(plain.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}
