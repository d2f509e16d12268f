package io.rmipool.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fleet a server belongs to, as that server last heard from ZooKeeper: the cap all its servers
 * share and what each holds of it.
 *
 * @param name the pool name that scopes the fleet in ZooKeeper
 * @param cap connections the fleet's servers may have open at once, together
 * @param held places of the cap the servers hold now, together
 * @param members every live server of the fleet, this one included
 */
public record FleetStats(String name, int cap, int held, List<Member> members) implements Serializable {
    /** An unmodifiable copy, of a shape a client's deserialization filter admits. */
    public FleetStats {
        members = Collections.unmodifiableList(new ArrayList<>(members));
    }

    /**
     * One server of the fleet.
     *
     * @param endpoint the {@code host:port} it serves on, as it announced itself
     * @param epoch the token epoch it started with: tokens of this server run carry it
     * @param connections places of the cap it holds: its open connections, and those being opened
     * @param self whether this is the server that answered
     */
    public record Member(String endpoint, long epoch, int connections, boolean self) implements Serializable {
    }
}
