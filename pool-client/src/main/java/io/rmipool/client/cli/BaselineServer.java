package io.rmipool.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline {@code stress --baseline} measures RMI Pool against: ten connection ids behind one lock,
 * served over bare RMI. No sessions, tokens, TTL, filters, handshake or JDBC: what is left is the
 * transport, so the ratio of the two says what RMI Pool costs on top of RMI itself. It listens on the
 * loopback interface only, and runs in a JVM of its own with default flags, as the pool server does.
 *
 * <p>Thread-safe: {@code synchronized}, the simplest correct pool.
 */
final class BaselineServer implements BaselinePool {
    private final ArrayDeque<Integer> idle = new ArrayDeque<>();

    private BaselineServer() {
        for (int i = 0; i < 10; i++) {
            idle.push(i);
        }
    }

    @Override
    public synchronized int lease() {
        Integer id = idle.poll();
        return id == null ? -1 : id;
    }

    @Override
    public synchronized void release(int id) {
        idle.push(id);
    }

    /** {@code java -cp pool-client.jar io.rmipool.client.cli.BaselineServer PORT}: serves until stdin ends. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Loopback loopback = new Loopback();
        Registry registry = LocateRegistry.createRegistry(port, null, loopback);
        BaselineServer pool = new BaselineServer();
        registry.bind("pool", UnicastRemoteObject.exportObject(pool, port, null, loopback));
        System.out.println("ready");
        System.out.flush();
        // until the parent closes our stdin (or dies): then exit
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(0);
    }

    /** A stress target over the baseline pool at {@code server}. */
    static StressWorker.Target target(HostPort server) throws Exception {
        BaselinePool pool = (BaselinePool) LocateRegistry.getRegistry(server.host(), server.port()).lookup("pool");
        return new StressWorker.Target() {
            private int held;

            @Override
            public int lease() throws RemoteException {
                held = pool.lease();
                return held;
            }

            @Override
            public void use() {
                // the baseline has no connection to use
            }

            @Override
            public void release() throws RemoteException {
                pool.release(held);
            }
        };
    }

    /**
     * Starts a baseline server in a child JVM on a free loopback port; ready when this returns. Closing
     * the returned process's stdin stops it.
     */
    static Process start(int port) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Djava.rmi.server.hostname=127.0.0.1",
                "-cp", System.getProperty("java.class.path"), BaselineServer.class.getName(), Integer.toString(port)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the baseline server did not start on port " + port + " (it said: " + line + ")");
        }
        return process;
    }

    /** Stops a server {@link #start} started, within {@code timeout}. */
    static void stop(Process process, Duration timeout) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Server sockets on the loopback interface only; equal to each other so the registry and the pool share the port. */
    private static final class Loopback implements RMIServerSocketFactory, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Loopback;
        }

        @Override
        public int hashCode() {
            return Loopback.class.hashCode();
        }
    }
}
