package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void theFirstFailuresAreFreeThenEachDoublesTheLockOutUpToAMinute() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.5");
            assertThat(throttle.lockedOutFor("10.0.0.5")).isZero();
        }
        long expected = Duration.ofMillis(200).toNanos();
        for (int i = 0; i < 12; i++) {
            throttle.failed("10.0.0.5");
            assertThat(throttle.lockedOutFor("10.0.0.5")).isEqualTo(Math.min(expected, Duration.ofMinutes(1).toNanos()));
            now.addAndGet(throttle.lockedOutFor("10.0.0.5")); // the guesser waits it out, then fails again
            expected *= 2;
        }
        assertThat(throttle.lockedOutFor("10.0.0.6")).as("other addresses are not affected").isZero();
    }

    @Test
    void aSuccessForgetsTheAddress() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.5");
        }
        assertThat(throttle.lockedOutFor("10.0.0.5")).isPositive();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        throttle.succeeded("10.0.0.5");
        throttle.failed("10.0.0.5");
        assertThat(throttle.lockedOutFor("10.0.0.5")).isZero();
    }

    @Test
    void theNumberOfAddressesRememberedIsBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 100; i++) {
            for (int f = 0; f <= LoginThrottle.FREE_FAILURES; f++) {
                throttle.failed("addr-" + i);
            }
        }
        assertThat(throttle.lockedOutFor("addr-0")).as("the oldest were forgotten").isZero();
        assertThat(throttle.lockedOutFor("addr-" + (LoginThrottle.MAX_ADDRESSES + 99))).isPositive();
    }
}
