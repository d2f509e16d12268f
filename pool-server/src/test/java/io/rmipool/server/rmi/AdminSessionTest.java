package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.AdminReport;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.server.net.RawJrmp;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin role over RMI on a real server: each operation through an admin session, and what an
 * attacker would try — the clients' secret, a replayed login, an admin session's object id over a
 * connection that did not prove it, arguments out of range — each refused while the server keeps serving.
 */
class AdminSessionTest {
    private static final long PAUSE = RawJrmp.methodHash(PoolAdmin.class, "pause");
    private static final long DRAIN = RawJrmp.methodHash(PoolAdmin.class, "drain", long.class);
    private static final long RESIZE = RawJrmp.methodHash(PoolAdmin.class, "resize", int.class);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (fixture != null) {
            fixture.close();
        }
    }

    private void assertStillServing() throws Exception {
        PoolSession honest = fixture.login("honest");
        long token = honest.lease(0);
        assertThat(honest.release(token)).isTrue();
        honest.logout();
    }

    @Test
    void anAdminPausesResumesResizesAndEvicts() throws Exception {
        fixture = ServerFixture.start();
        PoolAdmin admin = fixture.adminLogin("ops");
        PoolSession client = fixture.login("client");
        long held = client.lease(0);

        AdminReport paused = admin.pause();
        assertThat(paused.summary()).startsWith("paused");
        assertThat(paused.stats().paused()).isTrue();
        assertThatThrownBy(() -> client.lease(0)).hasMessageContaining("paused");
        assertThat(client.renew(held).token()).isEqualTo(held); // held leases go on
        Future<Long> waiting = threads.submit(() -> client.lease(30_000));
        await().until(() -> admin.stats().waiting() == 1);
        assertThat(admin.resume().stats().paused()).isFalse();
        client.release(waiting.get(10, TimeUnit.SECONDS));

        AdminReport grown = admin.resize(4);
        assertThat(grown.summary()).isEqualTo("resized from 2 to 4 connections: 2 opening");
        await().until(() -> admin.stats().idle() == 3);
        AdminReport shrunk = admin.resize(1);
        assertThat(shrunk.summary()).isEqualTo("resized from 4 to 1 connections: 3 idle closed now");
        assertThat(shrunk.stats()).extracting(s -> s.max(), s -> s.leased()).containsExactly(1, 1);

        AdminReport evicted = admin.evict();
        assertThat(evicted.summary()).isEqualTo("evicted: 0 idle connections reopening now, 1 in use to be replaced when they come back");
        assertThat(client.release(held)).isTrue();
        await().until(() -> admin.stats().idle() == 1); // reopened by the maintainer
        admin.logout();
        assertStillServing();
    }

    /** A drain with a lease outstanding: new leases refused, the holder works on, the drain ends when it comes back. */
    @Test
    void aDrainWaitsForTheHeldLeaseThenStopsTheServerAfterAnswering() throws Exception {
        fixture = ServerFixture.start();
        PoolSession client = fixture.login("client");
        long held = client.lease(0);
        PoolAdmin admin = fixture.adminLogin("ops");

        Future<AdminReport> drain = threads.submit(() -> admin.drain(60_000));
        await().until(() -> client.stats().draining());
        assertThatThrownBy(() -> client.lease(0)).isInstanceOf(PoolClosedException.class).hasMessageContaining("draining");
        assertThat(client.renew(held).token()).isEqualTo(held);
        assertThat(drain).isNotDone();
        assertThat(fixture.stopRequested.getCount()).isEqualTo(1);

        client.release(held);
        AdminReport report = drain.get(10, TimeUnit.SECONDS);
        assertThat(report.summary()).startsWith("drained in ").endsWith("every lease came back; the server stops now");
        assertThat(fixture.stopRequested.await(10, TimeUnit.SECONDS)).as("stop requested after the answer").isTrue();
    }

    /** An admin that went away during its drain still gets the server stopped: the stop waits for the answer or the connection's end. */
    @Test
    void aDrainWhoseAdminWentAwayStillStopsTheServer() throws Exception {
        fixture = ServerFixture.start();
        PoolSession client = fixture.login("client");
        long held = client.lease(0);
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        PoolAdmin admin = gateway.adminLogin("ops", challenge, LoginMac.compute(ServerFixture.ADMIN_SECRET, challenge));
        try (RawJrmp own = RawJrmp.connect(null, fixture.port,
                SessionCredential.derive(ServerFixture.ADMIN_SECRET, challenge))) {
            own.call(RawJrmp.targetOf(admin), -1, DRAIN, out -> out.writeLong(60_000));
            await().until(() -> client.stats().draining());
        } // the admin hangs up without reading the answer
        client.release(held);
        assertThat(fixture.stopRequested.await(30, TimeUnit.SECONDS)).as("stop requested").isTrue();
    }

    @Test
    void theClientsSecretIsNotTheAdminsAndTheAdminsIsNotTheClients() throws Exception {
        fixture = ServerFixture.start();
        PoolGateway gateway = fixture.gateway();
        assertThatThrownBy(() -> fixture.transport().adminLogIn(gateway, "intruder", ServerFixture.SECRET))
                .isInstanceOf(NotAuthenticatedException.class).hasMessage("authentication failed");
        assertThatThrownBy(() -> fixture.transport().logIn(gateway, "intruder", ServerFixture.ADMIN_SECRET))
                .isInstanceOf(NotAuthenticatedException.class);
        assertStillServing();
    }

    @Test
    void aServerWithoutAnAdminSecretHasNoAdminRole() throws Exception {
        fixture = ServerFixture.startWithoutAdmin();
        assertThatThrownBy(() -> fixture.adminLogin("ops")).isInstanceOf(NotAuthenticatedException.class)
                .hasMessageContaining("admin operations are disabled");
        assertStillServing();
    }

    @Test
    void aRecordedAdminLoginCannotBeReplayed() throws Exception {
        fixture = ServerFixture.start();
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        byte[] mac = LoginMac.compute(ServerFixture.ADMIN_SECRET, challenge);
        assertThat(gateway.adminLogin("ops", challenge, mac)).isNotNull();
        assertThatThrownBy(() -> gateway.adminLogin("ops", challenge, mac)).isInstanceOf(NotAuthenticatedException.class);
        assertStillServing();
    }

    /** An eavesdropper who saw the admin session's object id cannot call it: the connection must prove the session. */
    @Test
    void anAdminSessionsObjectIdIsUselessWithoutItsCredential() throws Exception {
        fixture = ServerFixture.start();
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        PoolAdmin admin = gateway.adminLogin("ops", challenge, LoginMac.compute(ServerFixture.ADMIN_SECRET, challenge));
        RawJrmp.Target target = RawJrmp.targetOf(admin);

        try (RawJrmp forged = RawJrmp.anonymous(fixture.port)) {
            forged.call(target, -1, PAUSE, out -> { });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(target, -1, DRAIN, out -> out.writeLong(0));
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
        }
        // a client's own session, proved with the clients' secret, is no admin's either
        byte[] clientChallenge = gateway.challenge();
        gateway.login("client", clientChallenge, LoginMac.compute(ServerFixture.SECRET, clientChallenge));
        try (RawJrmp other = RawJrmp.connect(null, fixture.port,
                SessionCredential.derive(ServerFixture.SECRET, clientChallenge))) {
            other.call(target, -1, RESIZE, out -> out.writeInt(1));
            assertThat(other.result()).isInstanceOf(NotAuthenticatedException.class);
        }
        assertThat(fixture.pool.stats()).extracting(s -> s.paused(), s -> s.draining(), s -> s.target())
                .containsExactly(false, false, 2);
        // the admin, over its own connections, still can
        try (RawJrmp own = RawJrmp.connect(null, fixture.port,
                SessionCredential.derive(ServerFixture.ADMIN_SECRET, challenge))) {
            own.call(target, -1, PAUSE, out -> { });
            assertThat(own.result()).isInstanceOf(AdminReport.class);
        }
        assertThat(fixture.pool.stats().paused()).isTrue();
    }

    @Test
    void argumentsOutOfRangeAreRefusedAndChangeNothing() throws Exception {
        fixture = ServerFixture.start();
        PoolAdmin admin = fixture.adminLogin("ops");
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 10_001}) {
            assertThatThrownBy(() -> admin.resize(bad)).isInstanceOf(InvalidArgumentException.class);
        }
        for (long bad : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, Duration.ofDays(1).toMillis() + 1}) {
            assertThatThrownBy(() -> admin.drain(bad)).isInstanceOf(InvalidArgumentException.class);
        }
        assertThat(admin.stats()).extracting(s -> s.max(), s -> s.draining()).containsExactly(2, false);
        assertThat(fixture.stopRequested.getCount()).isEqualTo(1);
        assertStillServing();
    }

    @Test
    void anAdminThatLoggedOutIsRefused() throws Exception {
        fixture = ServerFixture.start();
        PoolAdmin admin = fixture.adminLogin("ops");
        admin.logout();
        assertThatThrownBy(admin::pause).isInstanceOf(java.rmi.NoSuchObjectException.class); // unexported
        assertThat(fixture.pool.stats().paused()).isFalse();
    }
}
