package io.rmipool.client.cli;

import io.rmipool.api.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a parent ({@code demo}, {@code stress}) tells each worker process it spawns: the role, how to
 * reach the server, and the role's options. They travel as system properties on the worker's command
 * line ({@code -Drmipool.worker.KEY=VALUE}), so a worker has no command line of its own to parse: it
 * starts without loading a command-line library, which is a good part of a short-lived JVM's start-up.
 * No secret or password travels here, only the paths of the files that hold them (or the workers
 * inherit the {@code POOL_*} variables with the environment). Immutable.
 */
final class WorkerSettings {
    static final String PREFIX = "rmipool.worker.";
    static final String DEMO = "demo";
    static final String STRESS = "stress";
    /** A stress worker on the bare pool of {@link BaselineServer}. */
    static final String BASELINE = "baseline";

    private final Map<String, String> values;

    private WorkerSettings(Map<String, String> values) {
        this.values = values;
    }

    /** A worker in {@code role} that connects as {@code connection} says. */
    static WorkerSettings of(String role, ConnectionOptions connection, boolean verbose) {
        ConnectionOptions c = connection.absolute();
        return new WorkerSettings(new LinkedHashMap<>())
                .with("role", role)
                .with("server", String.join(",", c.servers().stream().map(HostPort::toString).toList()))
                .with("name", c.name())
                .with("secret-file", c.secretFile())
                .with("tls", c.tls())
                .with("tls-truststore", c.tlsTruststore())
                .with("tls-keystore", c.tlsKeystore())
                .with("tls-keystore-password-file", c.tlsKeystorePasswordFile())
                .with("verbose", verbose);
    }

    /** These settings plus {@code key}; a null value leaves the key out. */
    WorkerSettings with(String key, Object value) {
        Map<String, String> more = new LinkedHashMap<>(values);
        if (value != null) {
            more.put(key, value instanceof Duration d ? Durations.format(d) : value.toString());
        }
        return new WorkerSettings(more);
    }

    /** The worker's JVM arguments that carry these settings. */
    List<String> jvmArguments() {
        List<String> args = new ArrayList<>(values.size());
        values.forEach((k, v) -> args.add("-D" + PREFIX + k + "=" + v));
        return args;
    }

    /** The settings a parent gave this worker process. */
    static WorkerSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    /** The settings among {@code system}'s properties. */
    static WorkerSettings from(Properties system) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                values.put(name.substring(PREFIX.length()), system.getProperty(name));
            }
        }
        return new WorkerSettings(values);
    }

    String role() {
        return required("role");
    }

    boolean verbose() {
        return flag("verbose");
    }

    ConnectionOptions connection() {
        List<HostPort> servers = new ArrayList<>();
        for (String server : required("server").split(",")) {
            servers.add(HostPort.parse(server));
        }
        return new ConnectionOptions(servers, required("name"), path("secret-file"),
                flag("tls"), path("tls-truststore"), path("tls-keystore"), path("tls-keystore-password-file"));
    }

    /** The value of {@code key}, or null when the parent did not set it. */
    String text(String key) {
        return values.get(key);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.get(key));
    }

    int integer(String key) {
        return Integer.parseInt(required(key));
    }

    Duration duration(String key) {
        return Durations.parse(required(key));
    }

    private Path path(String key) {
        String value = values.get(key);
        return value == null ? null : Path.of(value);
    }

    private String required(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("worker setting " + PREFIX + key + " is missing (workers are started by"
                    + " demo and stress, not by hand)");
        }
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
