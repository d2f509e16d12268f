package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.client.ServerUnreachableException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

    @Test
    void mapsEachFailureToItsCode() {
        assertThat(ExitCode.of(new PoolExhaustedException("x")).code).isEqualTo(3);
        assertThat(ExitCode.of(new TooManyWaitersException("x")).code).isEqualTo(3);
        assertThat(ExitCode.of(new PoolClosedException("x")).code).isEqualTo(3);
        assertThat(ExitCode.of(new ServerUnreachableException("h:1", "x", null)).code).isEqualTo(4);
        assertThat(ExitCode.of(new NotAuthenticatedException("x")).code).isEqualTo(5);
        assertThat(ExitCode.of(new DatabaseUnavailableException("x")).code).isEqualTo(6);
        assertThat(ExitCode.of(new SqlFailedException("x", "42S02", 42102)).code).isEqualTo(7);
        assertThat(ExitCode.of(new ResultTooLargeException("x")).code).isEqualTo(7);
        assertThat(ExitCode.of(new InvalidArgumentException("x")).code).isEqualTo(2);
        assertThat(ExitCode.of(new LeaseNotHeldException("x")).code).as("a lease lost while held").isEqualTo(3);
        assertThat(ExitCode.of(new io.rmipool.api.TooManySessionsException("x")).code).isEqualTo(3);
        assertThat(ExitCode.of(new io.rmipool.api.SessionClosedException("x")).code).isEqualTo(5);
        assertThat(ExitCode.of(new UncheckedIOException(new java.io.IOException("x"))).code).isEqualTo(1);
        assertThat(ExitCode.of(new IllegalStateException()).code).isEqualTo(1);
    }

    @Test
    void aFailedWorkerPassesOnItsCodeButNeverSuccess() {
        assertThat(ExitCode.of(new WorkerFailedException("x", 4)).code).isEqualTo(4);
        assertThat(ExitCode.of(new WorkerFailedException("x", 5)).code).isEqualTo(5);
        assertThat(ExitCode.of(new WorkerFailedException("x", 6)).code).as("a demo worker whose database is down").isEqualTo(6);
        assertThat(ExitCode.of(new WorkerFailedException("x", 0)).code).isEqualTo(1);
        assertThat(ExitCode.of(new WorkerFailedException("x", 137)).code).isEqualTo(1);
    }

    @Test
    void helpListsEveryCode() {
        assertThat(ExitCode.helpList()).containsOnlyKeys("0", "1", "2", "3", "4", "5", "6", "7");
    }
}
