package io.rmipool.client;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.FleetStats;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.api.transport.EndpointSocketFactory;
import io.rmipool.server.net.GuardedServerSocketFactory;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.net.Refusals;
import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for pool-server in the client's tests: a registry, a gateway and sessions on one port,
 * exported as the real server does, over a trivially correct in-memory pool (one lock). Leases do not
 * expire on their own; a test takes one back with {@link #expire(long)}.
 *
 * <p>There is no database: a statement goes to the {@link SqlHandler} a test sets with
 * {@link #onExecute}; by default it {@linkplain #echo echoes its parameters}. Like the real server, every
 * SQL call is refused unless its token is held; the calls that got through are in {@link #sqlCalls()}.
 *
 * <p>Thread-safe. {@link #main} runs it standalone for trying the command line by hand.
 * Public for the command line's tests.
 */
public final class FakePoolServer implements AutoCloseable {
    /** What the fake answers to a statement. */
    @FunctionalInterface
    public interface SqlHandler {
        SqlResult execute(String sql, List<Object> params) throws PoolException;
    }

    private final int port;
    private final byte[] secret;
    private final Duration ttl;
    private final EndpointSocketFactory csf = new EndpointSocketFactory(2_000);
    /** The real server's sockets: handshake, connection caps, JRMP inspection; any session proof is accepted. */
    private final GuardedServerSocketFactory ssf =
            new GuardedServerSocketFactory(NetSettings.loopback(), (id, nonce, proof) -> true, new Refusals());
    private final Registry registry;
    private final Gateway gateway = new Gateway();
    private final Set<Session> sessions = new HashSet<>();
    private final SecureRandom random = new SecureRandom();

    // the pool, guarded by this
    private final Deque<Integer> idle = new ArrayDeque<>();
    private final Map<Long, Integer> leased = new HashMap<>();
    private final Set<byte[]> challenges = new HashSet<>();
    private final int max;
    private long nextSequence = 1;
    private long granted;
    private long timeouts;
    private long refused;
    private int logins;
    private final List<String> sqlCalls = new ArrayList<>();
    private volatile SqlHandler sqlHandler = FakePoolServer::echo;
    /** When set, stats and renewals of the token in {@link #silentToken} wait on it: a server that stopped answering. */
    private volatile java.util.concurrent.CountDownLatch silence;
    private volatile long silentToken = -1;

    private FakePoolServer(int port, int max, byte[] secret, Duration ttl) throws RemoteException {
        this.port = port;
        this.max = max;
        this.secret = secret;
        this.ttl = ttl;
        for (int i = 0; i < max; i++) {
            idle.push(i);
        }
        registry = LocateRegistry.createRegistry(port, csf, ssf);
        UnicastRemoteObject.exportObject(gateway, port, csf, ssf);
        registry.rebind("pool", gateway);
    }

    public static FakePoolServer start(int max, byte[] secret, Duration ttl) throws Exception {
        return new FakePoolServer(freePort(), max, secret, ttl);
    }

    /** A fake on a given port: e.g. one that comes back where an earlier one went away. */
    static FakePoolServer startOn(int port, int max, byte[] secret, Duration ttl) throws Exception {
        return new FakePoolServer(port, max, secret, ttl);
    }



    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** Takes a lease back as if it had not been renewed in time. */
    synchronized void expire(long token) {
        Integer id = leased.remove(token);
        if (id != null) {
            idle.push(id);
            notifyAll();
        }
    }

    public synchronized int leasedCount() {
        return leased.size();
    }

    public void onExecute(SqlHandler handler) {
        this.sqlHandler = handler;
    }

    /**
     * The default {@link SqlHandler}: one row with a column {@code P1 .. Pn} per parameter holding its value,
     * or, without parameters, an update count of 0.
     */
    public static SqlResult echo(String sql, List<Object> params) {
        if (params.isEmpty()) {
            return SqlResult.updateCount(0);
        }
        SqlColumn[] columns = new SqlColumn[params.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new SqlColumn("P" + (i + 1), Types.OTHER, "ANY");
        }
        return SqlResult.rows(columns, new Object[][] {params.toArray()});
    }

    /** The SQL calls that reached a held lease, e.g. {@code "3 execute select 1"}, {@code "3 commit"} (3 is the token). */
    public synchronized List<String> sqlCalls() {
        return List.copyOf(sqlCalls);
    }

    /** Records a SQL call after the fencing check that the real server makes. */
    private synchronized void fence(long token, String call) throws LeaseNotHeldException {
        if (!leased.containsKey(token)) {
            refused++;
            throw new LeaseNotHeldException("lease " + token + " is not held");
        }
        sqlCalls.add(token + " " + call);
    }

    private synchronized Lease lease(long timeoutMillis) throws PoolException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (idle.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                timeouts++;
                throw new PoolExhaustedException("no connection became idle within " + timeoutMillis + "ms");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PoolExhaustedException("interrupted");
            }
        }
        int id = idle.pop();
        long token = Lease.token(0, nextSequence++, id);
        leased.put(token, id);
        granted++;
        return new Lease(id, token, Instant.now().plus(ttl), ttl);
    }

    private synchronized Lease renew(long token) throws PoolException {
        Integer id = leased.get(token);
        if (id == null) {
            refused++;
            throw new LeaseNotHeldException("lease " + token + " is not held");
        }
        return new Lease(id, token, Instant.now().plus(ttl), ttl);
    }

    private synchronized boolean release(long token) throws PoolException {
        Integer id = leased.remove(token);
        if (id == null) {
            refused++;
            throw new LeaseNotHeldException("lease " + token + " is not held");
        }
        idle.push(id);
        notifyAll();
        return true;
    }

    /** What stats say of the fleet; null alone. Guarded by this. */
    private FleetStats fleet;

    private synchronized PoolStats stats() {
        PoolStats own = new PoolStats(max, idle.size(), leased.size(), 0, 0, granted, timeouts, 0, refused, true, max, false, false);
        return fleet == null ? own : own.withFleet(fleet);
    }

    /** From now on this server's stats say it is in {@code fleet} (null: alone). */
    public synchronized void announceFleet(FleetStats fleet) {
        this.fleet = fleet;
    }

    /** From now on stats calls, and renewals of {@code token} (any token: -1), get no answer until {@code until} opens. */
    void stopAnswering(long token, java.util.concurrent.CountDownLatch until) {
        silentToken = token;
        silence = until;
    }

    private void maybeSilent(long token) {
        java.util.concurrent.CountDownLatch s = silence;
        if (s != null && (silentToken == -1 || silentToken == token)) {
            try {
                s.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many logins were started (challenges issued). */
    public synchronized int logins() {
        return logins;
    }

    /**
     * Forgets every session and lease, as a restarted server does: calls on the old sessions fail with
     * NoSuchObjectException, new logins work.
     */
    synchronized void forgetEverything() throws NoSuchObjectException {
        for (Session s : sessions) {
            UnicastRemoteObject.unexportObject(s, true);
        }
        sessions.clear();
        leased.keySet().forEach(token -> idle.push(leased.get(token)));
        leased.clear();
        logins = 0;
    }

    /** Ends every session as the real server does after its idle timeout: later calls fail with SessionClosedException. */
    synchronized void closeSessions() {
        sessions.forEach(s -> s.closed = true);
    }

    @Override
    public void close() throws NoSuchObjectException {
        UnicastRemoteObject.unexportObject(gateway, true);
        synchronized (this) {
            for (Session s : sessions) {
                UnicastRemoteObject.unexportObject(s, true);
            }
        }
        UnicastRemoteObject.unexportObject(registry, true);
    }

    private final class Gateway implements PoolGateway {
        @Override
        public byte[] challenge() {
            synchronized (FakePoolServer.this) {
                logins++;
            }
            byte[] c = new byte[CHALLENGE_BYTES];
            random.nextBytes(c);
            synchronized (FakePoolServer.this) {
                challenges.add(c);
            }
            return c;
        }

        @Override
        public PoolSession login(String clientId, byte[] challenge, byte[] mac)
                throws NotAuthenticatedException, RemoteException {
            synchronized (FakePoolServer.this) {
                boolean known = challenges.removeIf(c -> MessageDigest.isEqual(c, challenge));
                boolean macOk = secret == null || MessageDigest.isEqual(LoginMac.compute(secret, challenge), mac);
                if (!known || !macOk) {
                    refused++;
                    throw new NotAuthenticatedException("authentication failed");
                }
            }
            Session session = new Session();
            UnicastRemoteObject.exportObject(session, port, csf, ssf);
            synchronized (FakePoolServer.this) {
                sessions.add(session);
            }
            return session;
        }

        /** The fake has no admin role, like a server started without an admin secret. */
        @Override
        public PoolAdmin adminLogin(String clientId, byte[] challenge, byte[] mac) throws NotAuthenticatedException {
            throw new NotAuthenticatedException("admin operations are disabled on this server");
        }
    }

    private final class Session implements PoolSession {
        volatile boolean closed;

        private void ensureOpen() throws SessionClosedException {
            if (closed) {
                throw new SessionClosedException("the session was closed");
            }
        }

        @Override
        public long lease(long timeoutMillis) throws PoolException {
            ensureOpen();
            return FakePoolServer.this.lease(timeoutMillis).token();
        }

        @Override
        public long leaseTtlMillis() throws PoolException {
            ensureOpen();
            return ttl.toMillis();
        }

        @Override
        public Lease renew(long token) throws PoolException {
            ensureOpen();
            maybeSilent(token);
            return FakePoolServer.this.renew(token);
        }

        @Override
        public boolean release(long token) throws PoolException {
            return FakePoolServer.this.release(token);
        }

        @Override
        public SqlResult execute(long token, String sql, SqlParameters params) throws PoolException {
            fence(token, "execute " + sql);
            return sqlHandler.execute(sql, params.values());
        }

        @Override
        public SqlResult execute(long token, String sql, SqlParameters params, int maxRows, int queryTimeoutSeconds)
                throws PoolException {
            fence(token, "execute " + sql + " maxRows=" + maxRows + " timeout=" + queryTimeoutSeconds);
            return sqlHandler.execute(sql, params.values());
        }

        @Override
        public void setTransactionIsolation(long token, int level) throws PoolException {
            fence(token, "setTransactionIsolation " + level);
        }

        @Override
        public SqlResult catalog(long token, String query, SqlParameters args) throws PoolException {
            fence(token, "catalog " + query);
            return sqlHandler.execute(query, args.values());
        }

        @Override
        public DatabaseInfo databaseInfo() {
            return new DatabaseInfo("FakeDB", "1.0", 1, 0, "fake", "1.0", "fake", java.sql.Connection.TRANSACTION_READ_COMMITTED,
                    new java.util.ArrayList<>(java.util.List.of("supportsTransactions")));
        }

        @Override
        public void setAutoCommit(long token, boolean autoCommit) throws PoolException {
            fence(token, "setAutoCommit " + autoCommit);
        }

        @Override
        public void commit(long token) throws PoolException {
            fence(token, "commit");
        }

        @Override
        public void rollback(long token) throws PoolException {
            fence(token, "rollback");
        }

        @Override
        public PoolStats stats() throws SessionClosedException {
            ensureOpen();
            maybeSilent(-1);
            return FakePoolServer.this.stats();
        }

        @Override
        public void logout() {
        }
    }

    /** {@code FakePoolServer PORT MAX [SECRET]}: serves until killed. */
    public static void main(String[] args) throws Exception {
        byte[] secret = args.length > 2 ? args[2].getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
        new FakePoolServer(Integer.parseInt(args[0]), Integer.parseInt(args[1]), secret, Duration.ofSeconds(30));
        System.err.println("fake pool server on port " + args[0]);
        Thread.currentThread().join();
    }
}
