package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to either command line: one clear line on stderr, no stack trace, exit code 2. */
class BadInputIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @ParameterizedTest(name = "pool-server {0}")
    @CsvSource(delimiter = '|', value = {
            "--max-connections 0      | max-connections",
            "--max-connections -5     | max-connections",
            "--lease-ttl soon         | 'soon' is not a duration",
            "--race-delay 10parsecs   | is not a duration",
            "--port 70000             | --port",
            "--max-client-connections 0                  | max-client-connections must be between 1 and 100000",
            "--max-client-connections-per-address 99999  | max-client-connections-per-address must be between 1",
            "--client-read-timeout 0                     | client-read-timeout must be between 1s and 2h",
            "--max-sessions-per-client 0                 | max-sessions-per-client must be between 1",
            "--session-idle-timeout 10ms                 | session-idle-timeout must be at least 1s",
            "--tls-keystore /nonexistent.p12             | the TLS keystore's password is missing",
            "--plaintext --tls-keystore /x.p12           | --plaintext and --tls-keystore contradict each other",
            "--secret-file /nonexistent                  | secret file /nonexistent does not exist",
            "--metrics-port 70000                        | --metrics-port must be between 0 and 65535",
            "--metrics-port x                            | --metrics-port",
            "--metrics-port 1099 --port 1099             | --metrics-port must differ from --port",
            "--metrics-port 0 --metrics-bind no.such.host.invalid | --metrics-bind no.such.host.invalid: unknown host",
            "--admin-secret-file /nonexistent            | admin secret file /nonexistent does not exist",
            "--drain-on-stop -1s                         | '-1s' is not a duration",
            "--drain-on-stop 25h                         | --drain-on-stop must be between 0 and 24h",
            "--global-max-connections 3                  | --global-max-connections needs --zookeeper",
            "--zookeeper localhost:1                     | --zookeeper needs --global-max-connections",
            "--zookeeper localhost:1 --global-max-connections 0 | between 1 and 10000, got 0",
            "--zookeeper localhost:1 --global-max-connections 2 --unsafe | it takes no --zookeeper",
            "--zookeeper localhost:1 --global-max-connections 2 --zookeeper-session-timeout 10ms | between 1s and 5m",
            "--frobnicate             | Unknown option: '--frobnicate'"})
    void theServerRefusesBadOptions(String args, String expected) throws Exception {
        JavaProcess server = JavaProcess.start(JavaProcess.SERVER_JAR, Map.of(), args.trim().split(" +"));
        try (server) {
            assertThat(server.awaitExit(TIMEOUT)).isEqualTo(2);
            assertThat(server.stderr()).singleElement().asString().startsWith("pool-server: ").contains(expected);
            assertThat(server.stdout()).isEmpty();
        }
    }

    @ParameterizedTest(name = "POOL_MAX_CONNECTIONS={0}")
    @CsvSource({"zero", "-1"})
    void theServerRefusesBadEnvironmentVariables(String value) throws Exception {
        JavaProcess server = JavaProcess.start(JavaProcess.SERVER_JAR, Map.of("POOL_MAX_CONNECTIONS", value));
        try (server) {
            assertThat(server.awaitExit(TIMEOUT)).isEqualTo(2);
            assertThat(server.stderr()).singleElement().asString().contains("max-connections");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "POOL_BIND=0.0.0.0                                   | a shared secret is required",
            "POOL_BIND=0.0.0.0 POOL_SECRET=0123456789abcdefXYZ   | TLS is required",
            "POOL_SECRET=short                                   | at least 16 are required",
            "POOL_BIND=no-such-host.invalid                      | unknown host",
            "POOL_TLS_TRUSTSTORE=/nonexistent                    | needs --tls-keystore",
            "POOL_ADMIN_SECRET=short                             | the admin secret must be at least 16 bytes",
            "POOL_SECRET=0123456789abcdefXYZ POOL_ADMIN_SECRET=0123456789abcdefXYZ | must differ from the clients' secret",
            "POOL_ADMIN_SECRET=0123456789abcdefXYZ POOL_ADMIN_SECRET_FILE=/x | set only one"})
    void theServerRefusesToStartExposedOrWeaklyProtected(String variables, String expected) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (String pair : variables.trim().split(" +")) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        JavaProcess server = JavaProcess.start(JavaProcess.SERVER_JAR, env);
        try (server) {
            assertThat(server.awaitExit(TIMEOUT)).isEqualTo(2);
            assertThat(server.stderr()).as("one line, no stack trace").singleElement().asString()
                    .startsWith("pool-server: ").contains(expected);
            assertThat(server.stdout()).isEmpty();
        }
    }

    @ParameterizedTest(name = "pool-client {0}")
    @CsvSource(delimiter = '|', value = {
            "lease --server localhost:notaport | localhost:notaport",
            "lease --server :1099              | :1099",
            "lease --server localhost:99999    | localhost:99999",
            "lease --timeout 5x                | '5x' is not a duration",
            "stats --interval 1s               | --interval needs --watch",
            "stats --watch --interval 10ms     | --interval must be at least 100ms",
            "demo --processes 0                | processes",
            "stress --processes 1 --cycles 1 --baseline --sql x | --baseline compares lease+release only",
            "stress --processes 1 --cycles 1 --baseline --rounds 0 | --rounds must be at least 1",
            "admin                             | a subcommand is required",
            "admin resize                      | Missing required parameter: 'N'",
            "admin resize ten                  | 'ten' is not an int",
            "admin resize 0                    | N must be 1 or more",
            "admin drain --timeout -5s         | '-5s' is not a duration",
            "admin drain --timeout 25h         | --timeout must be between 0 and 1d",
            "admin frobnicate                  | frobnicate",
            "lease --frobnicate                | Unknown option: '--frobnicate'",
            "frobnicate                        | frobnicate"})
    void theClientRefusesBadOptions(String args, String expected) throws Exception {
        JavaProcess client = JavaProcess.runClient(TIMEOUT, Map.of(), args.trim().split(" +"));
        assertThat(client.exitCode()).isEqualTo(2);
        assertThat(client.stderr()).as("one line, no stack trace").singleElement().asString()
                .startsWith("pool-client: ").contains(expected);
    }
}
