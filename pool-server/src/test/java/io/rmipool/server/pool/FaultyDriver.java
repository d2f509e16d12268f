package io.rmipool.server.pool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDBC driver for {@code jdbc:faulty:<h2 url>} whose connections are H2's, with faults a test turns on:
 * <ul>
 *   <li>{@link #failing}: a Connection method that throws an unchecked exception, as misbehaving
 *       drivers do (an Error, such as a VirtualMachineError, when {@link #withError} is set);
 *       {@link #failures} counts the throws;</li>
 *   <li>{@link #blocking}: a Connection method, or {@code "connect"}, that waits at {@link #gate} until
 *       the test opens it, like a database that accepts TCP and does not answer; {@link #blocked}
 *       counts the threads waiting there;</li>
 *   <li>{@link #refuseConnects}: connect fails, like a database that is down; {@link #connects}
 *       counts every connect attempt.</li>
 * </ul>
 * Static state, shared by the JVM's tests: every test that sets a fault calls {@link #reset()} after.
 */
final class FaultyDriver extends TestDriver {
    static final String PREFIX = "jdbc:faulty:";
    static volatile String failing = "";
    static volatile boolean withError;
    static final AtomicInteger failures = new AtomicInteger();
    static volatile String blocking = "";
    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final AtomicInteger blocked = new AtomicInteger();
    static volatile boolean refuseConnects;
    static final AtomicInteger connects = new AtomicInteger();

    static {
        try {
            DriverManager.registerDriver(new FaultyDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FaultyDriver() {
        super(PREFIX);
    }

    /** Makes sure the driver is registered. */
    static void register() {
        // the static initializer did it
    }

    /** No faults; the gate closed for the next test that blocks. */
    static void reset() {
        failing = "";
        withError = false;
        blocking = "";
        gate.countDown();
        gate = new CountDownLatch(1);
        refuseConnects = false;
    }

    private static void maybeBlock(String method) {
        if (method.equals(blocking)) {
            blocked.incrementAndGet();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                blocked.decrementAndGet();
            }
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        connects.incrementAndGet();
        maybeBlock("connect");
        if (refuseConnects) {
            throw new SQLNonTransientConnectionException("Connection refused (the test's database is down)", "08001");
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    maybeBlock(method.getName());
                    if (method.getName().equals(failing)) {
                        failures.incrementAndGet();
                        if (withError) {
                            throw new InternalError("driver bug in " + method.getName());
                        }
                        throw new IllegalStateException("driver bug in " + method.getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
