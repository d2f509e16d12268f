package io.rmipool.client.jdbc;

import io.rmipool.api.config.Durations;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.config.TlsPasswords;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The settings of a {@code jdbc:rmipool://host[:port][/pool][?key=value&...]} URL and its
 * {@link Properties} (a property wins over the same key in the URL). Keys:
 * <ul>
 *   <li>{@code secret} (or {@code password}, as tools that ask for a user and a password pass it), or
 *       {@code secretFile}; without either, {@code POOL_SECRET_FILE} or {@code POOL_SECRET};</li>
 *   <li>{@code leaseTimeout}: how long {@code getConnection} waits for a free connection (default 30s);</li>
 *   <li>{@code callTimeout}, {@code connectTimeout}: as {@link ClientSettings} (defaults 1m, 5s);</li>
 *   <li>{@code tls=true}, {@code tlsTruststore}, {@code tlsKeystore}, {@code tlsKeystorePasswordFile}: as
 *       the command line's TLS options;</li>
 *   <li>{@code clientId} (or {@code user}): how the server names this client.</li>
 * </ul>
 * Any other key is refused, so a misspelt one is not silently ignored. Durations as {@link Durations#parse}.
 *
 * @param url the URL as given, for {@link java.sql.DatabaseMetaData#getURL} (it never holds the secret:
 *     a {@code secret} in the URL is refused)
 */
record JdbcConfig(String url, ClientSettings settings, Duration leaseTimeout) {
    static final String PREFIX = "jdbc:rmipool:";
    static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern URL = Pattern.compile(
            "jdbc:rmipool://(\\[[^\\]]+]|[^:/?\\[\\]]+)(?::(\\d{1,5}))?(?:/([^/?]*))?(?:\\?(.*))?");
    private static final Set<String> KEYS = Set.of("secret", "password", "secretFile", "leaseTimeout", "callTimeout",
            "connectTimeout", "tls", "tlsTruststore", "tlsKeystore", "tlsKeystorePasswordFile", "clientId", "user");

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * @throws SQLException naming what is wrong: the URL's shape, an unknown key, a bad value, a secret
     *     file that cannot be read
     */
    static JdbcConfig parse(String url, Properties info) throws SQLException {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new SQLException("not an rmipool URL: '" + url + "'; expected jdbc:rmipool://host[:port][/pool][?key=value&...]",
                    JdbcErrors.UNABLE_TO_CONNECT);
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? ClientSettings.DEFAULT_PORT : Integer.parseInt(m.group(2));
        String name = m.group(3) == null || m.group(3).isEmpty() ? ClientSettings.DEFAULT_NAME : m.group(3);
        Map<String, String> options = new LinkedHashMap<>();
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw invalid("'" + pair + "' in the URL is not key=value");
                }
                String key = pair.substring(0, eq);
                if (key.equals("secret") || key.equals("password")) {
                    throw invalid("a secret does not belong in the URL (it shows in logs and metadata): pass it as the "
                            + "'secret' property, a secretFile, or POOL_SECRET_FILE");
                }
                options.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                options.put(key, info.getProperty(key));
            }
        }
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("unknown setting '" + key + "'; known: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        try {
            ClientSettings settings = new ClientSettings(host, port, name, secret(options),
                    first(options, "clientId", "user"), duration(options, "connectTimeout"), tls(options),
                    duration(options, "callTimeout"));
            Duration lease = duration(options, "leaseTimeout");
            if (lease != null && lease.isNegative()) {
                throw invalid("leaseTimeout must be 0 or more");
            }
            return new JdbcConfig(url, settings, lease == null ? DEFAULT_LEASE_TIMEOUT : lease);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static byte[] secret(Map<String, String> options) {
        String value = first(options, "secret", "password");
        if (value != null && !value.isEmpty()) {
            return Secrets.withoutTrailingNewlines(value.getBytes(StandardCharsets.UTF_8));
        }
        String file = options.get("secretFile");
        return Secrets.load(file == null ? null : Path.of(file), System.getenv());
    }

    private static SSLContext tls(Map<String, String> options) {
        String truststore = options.get("tlsTruststore");
        String keystore = options.get("tlsKeystore");
        if (!Boolean.parseBoolean(options.getOrDefault("tls", "false")) && truststore == null && keystore == null) {
            return null;
        }
        String passwordFile = options.get("tlsKeystorePasswordFile");
        char[] keyPassword = keystore == null ? null
                : TlsPasswords.keystorePassword(passwordFile == null ? null : Path.of(passwordFile), System.getenv());
        return TlsContexts.client(truststore == null ? null : Path.of(truststore),
                TlsPasswords.truststorePassword(System.getenv()), keystore == null ? null : Path.of(keystore), keyPassword);
    }

    private static Duration duration(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static String first(Map<String, String> options, String... keys) {
        return Arrays.stream(keys).map(options::get).filter(v -> v != null).findFirst().orElse(null);
    }

    private static SQLException invalid(String why) {
        return new SQLException("rmipool URL or properties: " + why, JdbcErrors.UNABLE_TO_CONNECT);
    }
}
