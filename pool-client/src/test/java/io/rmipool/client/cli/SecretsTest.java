package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void fileWinsAndLosesItsTrailingNewlines(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("s"), "top secret\r\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Secrets.load(file, "from-env")).isEqualTo("top secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void environmentWhenNoFile() {
        assertThat(Secrets.load(null, "from-env")).isEqualTo("from-env".getBytes(StandardCharsets.UTF_8));
        assertThat(Secrets.load(null, "")).isNull();
        assertThat(Secrets.load(null, null)).isNull();
    }

    @Test
    void missingFileIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> Secrets.load(dir.resolve("none"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void innerNewlinesStay() {
        assertThat(Secrets.withoutTrailingNewlines("a\nb\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a\nb".getBytes(StandardCharsets.UTF_8));
    }
}
