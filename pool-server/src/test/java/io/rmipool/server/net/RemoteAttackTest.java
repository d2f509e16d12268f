package io.rmipool.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.api.transport.SessionRefusedException;
import io.rmipool.server.rmi.ServerFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an attacker sends, hand-built on the wire (not through our stubs), against a real server in this
 * JVM. Every test checks that the server refused it and still serves an honest client afterwards.
 */
class RemoteAttackTest {
    private static final long LOGIN = RawJrmp.methodHash(PoolGateway.class, "login", String.class, byte[].class, byte[].class);
    private static final long LEASE = RawJrmp.methodHash(PoolSession.class, "lease", long.class);
    private static final long RELEASE = RawJrmp.methodHash(PoolSession.class, "release", long.class);
    private static final long LEASE_TTL = RawJrmp.methodHash(PoolSession.class, "leaseTtlMillis");
    private static final long EXECUTE = RawJrmp.methodHash(PoolSession.class, "execute", long.class, String.class,
            SqlParameters.class);

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The honest client still gets in and leases. */
    private void assertStillServing() throws Exception {
        PoolSession honest = fixture.login("honest");
        long token = honest.lease(0);
        assertThat(honest.release(token)).isTrue();
        honest.logout();
    }

    private RawJrmp.Target gatewayTarget() throws Exception {
        return RawJrmp.targetOf(fixture.gateway());
    }

    /** A login done by hand, so the test knows the challenge and so the session's credential. */
    private record ManualLogin(PoolSession stub, SessionCredential credential) {
    }

    private ManualLogin manualLogin(String clientId) throws Exception {
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        PoolSession stub = gateway.login(clientId, challenge, LoginMac.compute(ServerFixture.SECRET, challenge));
        return new ManualLogin(stub, SessionCredential.derive(ServerFixture.SECRET, challenge));
    }

    @Test
    void theRegistryRefusesUnbindRebindAndBindFromTheNetworkEvenFromThisHost() throws Exception {
        Remote gatewayStub = fixture.gateway();
        int[] ops = {RawJrmp.REGISTRY_UNBIND, RawJrmp.REGISTRY_REBIND, RawJrmp.REGISTRY_BIND};
        for (int op : ops) {
            try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
                raw.call(RawJrmp.REGISTRY, op, RawJrmp.REGISTRY_HASH, out -> {
                    out.writeObject("pool");
                    if (op != RawJrmp.REGISTRY_UNBIND) {
                        out.writeObject(gatewayStub); // a relay would bind its own gateway here
                    }
                });
                assertThatThrownBy(raw::result).as("registry op %d", op).isInstanceOf(IOException.class);
            }
        }
        // the same by method hash (the registry also dispatches the newer protocol)
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
            raw.call(RawJrmp.REGISTRY, -1, RawJrmp.methodHash(Registry.class, "unbind", String.class),
                    out -> out.writeObject("pool"));
            assertThatThrownBy(raw::result).isInstanceOf(IOException.class);
        }
        // a lookup is served, and still finds the genuine gateway
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
            raw.call(RawJrmp.REGISTRY, RawJrmp.REGISTRY_LOOKUP, RawJrmp.REGISTRY_HASH, out -> out.writeObject("pool"));
            assertThat(raw.result()).isInstanceOf(PoolGateway.class);
        }
        assertStillServing();
    }

    @Test
    void aPlainJdkClientThatSkipsOurHandshakeIsRefused() throws Exception {
        Registry plain = LocateRegistry.getRegistry("127.0.0.1", fixture.port);
        assertThatThrownBy(() -> plain.unbind("pool")).isInstanceOf(RemoteException.class);
        assertThatThrownBy(plain::list).isInstanceOf(RemoteException.class);
        assertStillServing();
    }

    @Test
    void knowingASessionsObjectIdAndTokenIsNotEnoughToUseIt() throws Exception {
        // the victim logs in and leases; an eavesdropper on plain text reads the session's object id
        // from the login's answer and the token from the lease's
        ManualLogin victim = manualLogin("victim");
        long token;
        try (RawJrmp own = RawJrmp.connect(null, fixture.port, victim.credential())) {
            own.call(RawJrmp.targetOf(victim.stub()), -1, LEASE, out -> out.writeLong(0));
            token = (Long) own.result(long.class);
        }
        RawJrmp.Target session = RawJrmp.targetOf(victim.stub());

        // a forged stub over an anonymous connection
        try (RawJrmp forged = RawJrmp.anonymous(fixture.port)) {
            forged.call(session, -1, RELEASE, out -> out.writeLong(token));
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(session, -1, LEASE_TTL, out -> { });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(session, -1, EXECUTE, out -> {
                out.writeLong(token);
                out.writeObject("select 1");
                out.writeObject(SqlParameters.of());
            });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
        }
        // over a connection bound to another session (the attacker's own, with the secret)
        ManualLogin attacker = manualLogin("attacker");
        try (RawJrmp other = RawJrmp.connect(null, fixture.port, attacker.credential())) {
            other.call(session, -1, RELEASE, out -> out.writeLong(token));
            assertThat(other.result()).isInstanceOf(NotAuthenticatedException.class);
        }
        // claiming the victim's session with a guessed key fails at the handshake
        SessionCredential guessed = SessionCredential.derive("a-guess-of-the-secret-16+".getBytes(), new byte[32]);
        assertThatThrownBy(() -> RawJrmp.connect(null, fixture.port, guessed)).isInstanceOf(SessionRefusedException.class);

        // the victim's lease is untouched, and the victim can still use it
        try (RawJrmp own = RawJrmp.connect(null, fixture.port, victim.credential())) {
            own.call(session, -1, RELEASE, out -> out.writeLong(token));
            assertThat(own.result(boolean.class)).isEqualTo(true);
        }
        assertStillServing();
    }

    @Test
    void aStubCopiedOutOfTheClientIsUselessElsewhere() throws Exception {
        // what a relay does with the session stub it passed on: keep a copy and call it
        PoolSession victim = fixture.login("victim");
        long token = victim.lease(0);
        PoolSession copy = (PoolSession) copyOf(victim);
        assertThatThrownBy(() -> copy.release(token)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> copy.lease(0)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(copy::leaseTtlMillis).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(copy::logout).isInstanceOf(NotAuthenticatedException.class);
        assertThat(victim.renew(token).token()).isEqualTo(token);
        assertThat(victim.stats().leased()).isEqualTo(1);
    }

    private static Object copyOf(Object stub) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stub);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void aHugeArrayDeclaredBeforeLoginIsRefusedBeforeItIsAllocated() throws Exception {
        // the call header, a client id, then "long[16777216]" whose 128 MiB never follow
        long heapBefore = usedHeap();
        for (int i = 0; i < 8; i++) { // 8 x 128 MiB would not fit in this test JVM's heap if allocated
            try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
                raw.callWithHollowArray(gatewayTarget(), -1, LOGIN, out -> {
                    out.writeObject("client");
                    out.writeObject(new byte[32]);
                }, true, 16_777_216);
                assertRefusedByFilter(raw.result());
            }
        }
        // a byte[] over the 64 bytes a login needs is refused the same way
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
            raw.callWithHollowArray(gatewayTarget(), -1, LOGIN, out -> out.writeObject("client"), false, 65);
            assertRefusedByFilter(raw.result());
        }
        assertThat(usedHeap() - heapBefore).as("nothing pinned").isLessThan(64L << 20);
        assertStillServing();
    }

    @Test
    void onASessionOnlyTheArraysItsMethodsNeedPassAndOnlyWithinTheCallsBudget() throws Exception {
        ManualLogin client = manualLogin("insider");
        RawJrmp.Target session = RawJrmp.targetOf(client.stub());
        try (RawJrmp raw = RawJrmp.connect(null, fixture.port, client.credential())) {
            // a long[] where SqlParameters belong
            raw.callWithHollowArray(session, -1, EXECUTE, out -> {
                out.writeLong(1);
                out.writeObject("select 1");
            }, true, 16);
            assertRefusedByFilter(raw.result());
        }
        try (RawJrmp raw = RawJrmp.connect(null, fixture.port, client.credential())) {
            // a byte[] parameter bigger than the call's budget (16 MiB), declared and never sent
            raw.callWithHollowArray(session, -1, EXECUTE, out -> {
                out.writeLong(1);
                out.writeObject("select ?");
            }, false, (16 << 20) + 1);
            assertRefusedByFilter(raw.result());
        }
        try (RawJrmp raw = RawJrmp.connect(null, fixture.port, client.credential())) {
            // a class outside the allow-list
            raw.call(session, -1, EXECUTE, out -> {
                out.writeLong(1);
                out.writeObject("select 1");
                out.writeObject(new HashMap<String, String>());
            });
            assertRefusedByFilter(raw.result());
        }
        assertStillServing();
    }

    @Test
    void anEndlessStringOnASessionIsCutOffAtTheSessionsBudget() throws Exception {
        ManualLogin client = manualLogin("insider");
        long sent = 0;
        try (RawJrmp raw = RawJrmp.connect(null, fixture.port, client.credential())) {
            raw.call(RawJrmp.targetOf(client.stub()), -1, EXECUTE, out -> out.writeLong(1));
            sent = sendLongString(raw.rawOutput(), 64L << 20);
        }
        assertThat(sent).as("16 MiB budget, plus socket buffers").isLessThan(32L << 20);
        assertStillServing();
    }

    /** Sends a TC_LONGSTRING of {@code length} bytes until the server closes the connection; returns what got out. */
    private static long sendLongString(OutputStream wire, long length) {
        long sent = 0;
        try {
            wire.write(0x7C);
            for (int i = 7; i >= 0; i--) {
                wire.write((int) (length >>> (8 * i)));
            }
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) 'a');
            while (sent < length) {
                wire.write(chunk);
                sent += chunk.length;
            }
            wire.flush();
        } catch (IOException e) {
            // the server closed the connection: expected
        }
        return sent;
    }

    @Test
    void classesOutsideTheAllowListsAreRefusedOnEveryExport() throws Exception {
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) { // the gateway
            raw.call(gatewayTarget(), -1, LOGIN, out -> {
                out.writeObject("client");
                out.writeObject(new HashMap<String, String>());
            });
            assertRefusedByFilter(raw.result());
        }
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) { // the registry: lookup reads a String and nothing else
            raw.call(RawJrmp.REGISTRY, RawJrmp.REGISTRY_LOOKUP, RawJrmp.REGISTRY_HASH,
                    out -> out.writeObject(new HashMap<String, String>()));
            Object answer = raw.result();
            assertThat(answer).isInstanceOf(java.rmi.ServerException.class);
            assertThat(((Throwable) answer).getCause()).isInstanceOf(UnmarshalException.class)
                    .cause().hasMessage("Cannot cast an object to java.lang.String");
        }
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) { // the DGC: dirty(ObjID[], long, Lease)
            raw.call(new RawJrmp.Target(2, 0, 0, (short) 0), 1, -669196253586618813L,
                    out -> out.writeObject(new HashMap<String, String>()));
            assertRefusedByFilter(raw.result());
        }
        assertStillServing();
    }

    @Test
    void aDecimalThatWouldBurnMinutesOfCpuIsRefusedBeforeTheDriverSeesIt() throws Exception {
        PoolSession insider = fixture.login("insider");
        long token = insider.lease(0);
        SqlParameters params = SqlParameters.of(BigDecimal.ONE);
        java.lang.reflect.Field values = SqlParameters.class.getDeclaredField("values");
        values.setAccessible(true);
        ((Object[]) values.get(params))[0] = new BigDecimal("1E+100000000"); // past the client's own check
        long start = System.nanoTime();
        assertThatThrownBy(() -> insider.execute(token, "select cast(? as varchar)", params))
                .isInstanceOf(RemoteException.class)
                .rootCause().hasMessageContaining("is a BigDecimal beyond 1000 digits");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
        assertThat(insider.release(token)).isTrue();
        assertStillServing();
    }

    /** What RMI answers when a filter refused an argument: the call never ran. */
    private static void assertRefusedByFilter(Object answer) {
        assertThat(answer).isInstanceOf(java.rmi.ServerException.class);
        assertThat(((Throwable) answer).getCause()).isInstanceOf(UnmarshalException.class)
                .cause().isInstanceOf(java.io.InvalidClassException.class).hasMessageContaining("filter status: REJECTED");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void anEndlessStringBeforeLoginIsCutOffAtTheCallsBudget() throws Exception {
        long sent;
        try (RawJrmp raw = RawJrmp.anonymous(fixture.port)) {
            raw.call(gatewayTarget(), -1, LOGIN, out -> out.flush());
            sent = sendLongString(raw.rawOutput(), 64L << 20); // a 64 MiB client id
        }
        assertThat(sent).as("the server stops reading after the call's budget (plus socket buffers)")
                .isLessThan(16L << 20);
        assertStillServing();
    }
}
