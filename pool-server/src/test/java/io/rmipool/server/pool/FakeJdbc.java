package io.rmipool.server.pool;

import io.rmipool.server.jdbc.JdbcConnector;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory JDBC driver for the model check ({@code jdbc:fake:NAME}): connections that answer the
 * few calls the pool makes (auto-commit, isolation, rollback, warnings, close) without a database.
 * The connections opened before {@link #healthyFromNowOn} <em>fail their first validation</em>, as ones
 * whose backend was killed while idle: so the model check goes through the leasing thread's reopen;
 * the connections it reopens are healthy. Thread-safe.
 */
final class FakeJdbc extends TestDriver {
    private static final String PREFIX = "jdbc:fake:";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** The databases whose new connections are healthy. */
    private static final Set<String> HEALTHY = ConcurrentHashMap.newKeySet();

    private FakeJdbc() {
        super(PREFIX);
    }

    /** A connector to a fake database of its own (the driver is asked directly: DriverManager stays out). */
    static JdbcConnector connector() {
        return new JdbcConnector(new FakeJdbc(), PREFIX + DATABASES.incrementAndGet(), "", "", Duration.ofMinutes(1));
    }

    /** From now on, the connector's new connections pass their first validation too. */
    static void healthyFromNowOn(JdbcConnector connector) {
        HEALTHY.add(connector.describe());
    }

    /** One fake connection's state, guarded by itself. */
    private static final class State {
        boolean autoCommit = true;
        boolean validatedOnce;
        boolean closed;
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        State state = new State();
        state.validatedOnce = HEALTHY.contains(url);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    synchronized (state) {
                        switch (method.getName()) {
                            case "isValid":
                                boolean alive = state.validatedOnce && !state.closed;
                                state.validatedOnce = true;
                                return alive;
                            case "getAutoCommit":
                                return state.autoCommit;
                            case "setAutoCommit":
                                state.autoCommit = (Boolean) args[0];
                                return null;
                            case "getTransactionIsolation":
                                return Connection.TRANSACTION_READ_COMMITTED;
                            case "close":
                                state.closed = true;
                                return null;
                            case "isClosed":
                                return state.closed;
                            case "setTransactionIsolation":
                            case "rollback":
                            case "clearWarnings":
                            case "setNetworkTimeout":
                                return null;
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            case "toString":
                                return "fake connection";
                            default:
                                throw new SQLFeatureNotSupportedException(method.getName());
                        }
                    }
                });
    }
}
