package io.rmipool.client.cli;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.SessionClosedException;
import io.rmipool.client.ServerUnreachableException;

/**
 * The cycles a {@code stress --keep-going} worker saw fail, by kind: the server could not be reached
 * (or did not answer in time), the server could not reach the database, or a lease was lost (taken back,
 * or its session gone). Not thread-safe: one worker's loop.
 */
final class StressFailures {
    long unreachable;
    long database;
    long lost;

    /** Counts {@code e} under its kind; false when it is none of them (it is not survived then). */
    boolean count(Exception e) {
        if (e instanceof ServerUnreachableException) {
            unreachable++;
        } else if (e instanceof DatabaseUnavailableException) {
            database++;
        } else if (e instanceof LeaseNotHeldException || e instanceof SessionClosedException) {
            lost++;
        } else {
            return false;
        }
        return true;
    }

    long total() {
        return unreachable + database + lost;
    }
}
