package io.rmipool.bench.scale;

import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of {@link ScaleBenchmark} that holds sessions open: it logs in {@code sessions} times,
 * one {@link PoolClient} each under its own client id ({@code <prefix>-<i>}), optionally leases one
 * connection on each, reports, and holds everything (the leases renewed in the background) until the
 * benchmark says {@code end}; then it releases and logs out.
 *
 * <p>Usage: {@code SessionHolder <port> <sessions> lease|idle <client id prefix> <lease timeout seconds>},
 * secret in {@code POOL_SECRET}. Prints {@code ready sessions=S leased=L}, and after {@code end}
 * {@code done closed=S}; on any failure {@code error <what>} and exits 1.
 */
public final class SessionHolder {
    private SessionHolder() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        boolean lease = args[2].equals("lease");
        String prefix = args[3];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[4]));
        ParentLink parent = ParentLink.start();

        List<PoolClient> clients = new ArrayList<>();
        List<LeasedConnection> leases = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                PoolClient client = PoolClient.connect(ParentLink.settings(port, prefix + "-" + i));
                clients.add(client);
                if (lease) {
                    leases.add(client.lease(timeout));
                }
            }
        } catch (Exception e) {
            ParentLink.say("error session " + clients.size() + " of " + sessions + ": " + ParentLink.describe(e));
            closeAll(leases, clients);
            System.exit(1);
            return;
        }
        ParentLink.say("ready sessions=" + clients.size() + " leased=" + leases.size());

        parent.await("end");
        boolean clean = closeAll(leases, clients);
        ParentLink.say(clean ? "done closed=" + clients.size() : "error release or logout failed (see its stderr)");
        System.exit(clean ? 0 : 1);
    }

    /** Releases every lease and logs every client out; false when one of them failed. */
    private static boolean closeAll(List<LeasedConnection> leases, List<PoolClient> clients) {
        boolean clean = true;
        for (LeasedConnection c : leases) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("release failed: " + ParentLink.describe(e));
                clean = false;
            }
        }
        for (PoolClient client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                System.err.println("logout failed: " + ParentLink.describe(e));
                clean = false;
            }
        }
        return clean;
    }
}
