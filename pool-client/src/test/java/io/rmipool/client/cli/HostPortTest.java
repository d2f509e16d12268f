package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
            "localhost:1099, localhost, 1099",
            "db.example.com:1, db.example.com, 1",
            "10.0.0.7:65535, 10.0.0.7, 65535",
            "pool-host, pool-host, 1099",
            "[::1]:2000, ::1, 2000",
            "[::1], ::1, 1099",
            "' spaced:42 ', spaced, 42"})
    void parsesGoodForms(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo:bar", ":1", "host:", "host:0", "host:65536", "host:-1", "host:99999999999",
            "", ":", "::1:80", "[::1", "[::1]x", "[]:1"})
    void refusesBadForms(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not host:port");
    }

    @ParameterizedTest
    @CsvSource({"localhost:1099, localhost:1099", "[::1]:5, [::1]:5"})
    void printsBackAsParsed(String text, String printed) {
        assertThat(HostPort.parse(text)).hasToString(printed);
    }
}
