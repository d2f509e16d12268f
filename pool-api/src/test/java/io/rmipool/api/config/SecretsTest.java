package io.rmipool.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    private static String text(byte[] secret) {
        return new String(secret, StandardCharsets.UTF_8);
    }

    @Test
    void aFileWinsOverBothVariablesAndLosesItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-the-file\r\n");
        assertThat(text(Secrets.load(file, Map.of("POOL_SECRET", "from-the-variable")))).isEqualTo("from-the-file");
    }

    @Test
    void theVariablesAreReadTheSameWayAsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "docker-secret\n");
        assertThat(text(Secrets.load(null, Map.of("POOL_SECRET_FILE", file.toString())))).isEqualTo("docker-secret");
        assertThat(text(Secrets.load(null, Map.of("POOL_SECRET", "from-cat\n")))).as("$(cat file) keeps no newline")
                .isEqualTo("from-cat");
        assertThat(Secrets.load(null, Map.of("POOL_SECRET", ""))).as("Compose's empty variable").isNull();
        assertThat(Secrets.load(null, Map.of())).isNull();
    }

    @Test
    void badSourcesAreNamedInOneLine() throws Exception {
        assertThatThrownBy(() -> Secrets.load(dir.resolve("nope"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("nope does not exist");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Secrets.load(empty, Map.of())).hasMessageEndingWith("is empty");
        assertThatThrownBy(() -> Secrets.load(null, Map.of("POOL_SECRET", "a", "POOL_SECRET_FILE", empty.toString())))
                .hasMessage("both POOL_SECRET and POOL_SECRET_FILE are set; set only one");
        assertThatThrownBy(() -> Secrets.load(null, Map.of("POOL_SECRET_FILE", dir.resolve("gone").toString())))
                .hasMessageContaining("(POOL_SECRET_FILE) does not exist");
    }
}
