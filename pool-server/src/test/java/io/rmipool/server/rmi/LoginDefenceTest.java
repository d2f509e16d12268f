package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.net.RawJrmp;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guessing, flooding and hoarding at the gateway, over real RMI. */
class LoginDefenceTest {
    private static final byte[] WRONG = "a-wrong-secret-of-16-bytes".getBytes(StandardCharsets.UTF_8);
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aLoginFloodIsSlowedDownAndOtherAddressesStillGetIn() throws Exception {
        fixture = ServerFixture.start();
        PoolGateway gateway = fixture.gateway();
        int checked = 0;
        int lockedOut = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                byte[] challenge = gateway.challenge();
                gateway.login("guesser", challenge, LoginMac.compute(WRONG, challenge));
            } catch (NotAuthenticatedException e) {
                if (e.getMessage().equals("authentication failed")) {
                    checked++;
                } else {
                    assertThat(e.getMessage()).startsWith("too many failed logins from this address; try again in");
                    lockedOut++;
                }
            }
        }
        // 5 free guesses, then lock-outs of 0.2 + 0.4 + 0.8 s: at most a handful of guesses in 2 s
        assertThat(checked).isBetween(LoginThrottle.FREE_FAILURES, LoginThrottle.FREE_FAILURES + 4);
        assertThat(lockedOut).as("the rest were refused without looking at the proof").isPositive();

        // another address logs in at once (by hand: our client library connects from 127.0.0.1)
        SessionFromElsewhere elsewhere = new SessionFromElsewhere(fixture);
        assertThat(elsewhere.login("127.0.0.2")).isInstanceOf(PoolSession.class);
    }

    /** A login made with hand-built calls from another local address. */
    private record SessionFromElsewhere(ServerFixture fixture) {
        Object login(String from) throws Exception {
            RawJrmp.Target gateway = RawJrmp.targetOf(fixture.gateway());
            try (RawJrmp raw = RawJrmp.connect(InetAddress.getByName(from), fixture.port, null)) {
                raw.call(gateway, -1, RawJrmp.methodHash(PoolGateway.class, "challenge"), out -> { });
                byte[] challenge = (byte[]) raw.result();
                raw.call(gateway, -1, RawJrmp.methodHash(PoolGateway.class, "login", String.class, byte[].class,
                        byte[].class), out -> {
                            out.writeObject("elsewhere");
                            out.writeObject(challenge);
                            out.writeObject(LoginMac.compute(ServerFixture.SECRET, challenge));
                        });
                return raw.result();
            }
        }
    }

    @Test
    void sessionsAreCappedInAllAndPerClientId() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback(), new SessionSettings(3, 2, Duration.ofMinutes(10)), null);
        PoolSession first = fixture.login("hoarder");
        fixture.login("hoarder");
        assertThatThrownBy(() -> fixture.login("hoarder")).isInstanceOf(TooManySessionsException.class)
                .hasMessageContaining("client id 'hoarder' already has 2 sessions open (--max-sessions-per-client)");
        fixture.login("other");
        assertThatThrownBy(() -> fixture.login("third")).isInstanceOf(TooManySessionsException.class)
                .hasMessageContaining("maximum of 3 sessions (--max-sessions)");
        first.logout();
        assertThat(fixture.login("third").stats().max()).as("a logout gives the place back").isEqualTo(2);
    }

    @Test
    void oneAddressCannotHoardChallenges() throws Exception {
        fixture = ServerFixture.start();
        PoolGateway gateway = fixture.gateway();
        for (int i = 0; i < Challenges.MAX_OUTSTANDING_PER_ADDRESS; i++) {
            gateway.challenge();
        }
        assertThatThrownBy(gateway::challenge).isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("too many unused login challenges from this address; try again later");
        // another address is not affected
        assertThat(new SessionFromElsewhere(fixture).login("127.0.0.3")).isInstanceOf(PoolSession.class);
    }

    @Test
    void unusedChallengesExpireAndStopCounting() {
        AtomicLong now = new AtomicLong();
        Challenges challenges = new Challenges(now::get);
        for (int i = 0; i < Challenges.MAX_OUTSTANDING_PER_ADDRESS; i++) {
            assertThat(challenges.issue("10.0.0.5")).isNotNull();
        }
        byte[] last = challenges.issue("10.0.0.5");
        assertThat(last).isNull();
        now.addAndGet(Challenges.VALIDITY.toNanos());
        byte[] fresh = challenges.issue("10.0.0.5");
        assertThat(fresh).as("the expired ones no longer count").isNotNull();
        assertThat(challenges.redeem(fresh)).isTrue();
        assertThat(challenges.redeem(fresh)).as("one attempt per challenge").isFalse();
    }
}
