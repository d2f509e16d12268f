package io.rmipool.bench.scale;

import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child JVM of the waiters part of {@link ScaleBenchmark}: one logged-in {@link PoolClient} and
 * {@code threads} threads, each of which makes one {@code lease(timeout)} call when the benchmark says
 * {@code go}, and releases the connection as soon as it has it.
 *
 * <p>Usage: {@code LeaseCallers <port> <threads> <lease timeout seconds> <client id>}, secret in
 * {@code POOL_SECRET}. Prints {@code ready threads=T} once logged in, then, when every thread is done,
 * {@code done ok=N errors=E maxWaitMs=W [first: <the first error>]}, where W is the longest a thread
 * waited from {@code go} to its lease. Exits 0 when every lease was granted, 1 otherwise.
 */
public final class LeaseCallers {
    /** How long after its lease timeout a thread is given up on (the call timeout of the client is 60 s). */
    private static final Duration STRAGGLER_MARGIN = Duration.ofSeconds(90);

    private LeaseCallers() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
        String clientId = args[3];
        ParentLink parent = ParentLink.start();

        PoolClient client;
        try {
            client = PoolClient.connect(ParentLink.settings(port, clientId));
        } catch (Exception e) {
            ParentLink.say("error cannot log in: " + ParentLink.describe(e));
            System.exit(1);
            return;
        }
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong goNanos = new AtomicLong();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong maxWaitNanos = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    try (LeasedConnection connection = client.lease(timeout)) {
                        maxWaitNanos.accumulateAndGet(System.nanoTime() - goNanos.get(), Math::max);
                        ok.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, ParentLink.describe(e));
                }
            }, "caller-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        ParentLink.say("ready threads=" + threads);

        parent.await("go");
        goNanos.set(System.nanoTime());
        go.countDown();
        long deadline = System.nanoTime() + timeout.plus(STRAGGLER_MARGIN).toNanos();
        for (Thread caller : callers) {
            caller.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        int unfinished = threads - ok.get() - errors.get();
        if (unfinished > 0) {
            errors.addAndGet(unfinished);
            firstError.compareAndSet(null, unfinished + " callers still blocked after the lease timeout");
        }
        String first = firstError.get();
        ParentLink.say("done ok=" + ok.get() + " errors=" + errors.get()
                + " maxWaitMs=" + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos.get())
                + (first == null ? "" : " first: " + first));
        try {
            client.close();
        } catch (Exception e) {
            System.err.println("logout failed: " + ParentLink.describe(e));
        }
        System.exit(errors.get() == 0 ? 0 : 1);
    }
}
