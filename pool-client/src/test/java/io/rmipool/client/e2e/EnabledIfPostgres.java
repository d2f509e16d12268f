package io.rmipool.client.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs a test class (or method) only when {@code POOL_TEST_PG_URL} names a PostgreSQL to test against,
 * with {@code POOL_TEST_PG_USER}, {@code POOL_TEST_PG_PASSWORD} and {@code POOL_TEST_PG_CTL} (a command
 * taking {@code stop} / {@code start}) as {@code scripts/ci-postgres.sh} prints them. Elsewhere it is
 * skipped with one line saying why; CI always sets them and fails on skipped integration tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = "POOL_TEST_PG_URL", matches = ".+",
        disabledReason = "POOL_TEST_PG_URL is not set: no PostgreSQL to test against (eval \"$(scripts/ci-postgres.sh)\")")
public @interface EnabledIfPostgres {
}
