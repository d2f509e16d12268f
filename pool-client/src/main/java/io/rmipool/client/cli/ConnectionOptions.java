package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.config.TlsPasswords;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolAdminClient;
import io.rmipool.client.PoolFleetClient;
import io.rmipool.client.ServerUnreachableException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How to reach and log in to a server, as the command line's shared options say it: the parent
 * process's and, passed on, each worker's. Holds file paths only, never a secret or a password: those
 * are read from the files (or the {@code POOL_*} variables) when connecting.
 *
 * @param servers the servers' registry addresses: one, or a fleet's
 * @param name the gateway's name in the registry
 * @param secretFile the login secret's file; null for {@code POOL_SECRET_FILE}, else {@code POOL_SECRET}
 * @param tls whether to connect over TLS (implied by a truststore or keystore)
 * @param tlsTruststore certificates the server's must chain to; null for the JVM's default CAs
 * @param tlsKeystore key and certificate for mutual TLS; null for none
 * @param tlsKeystorePasswordFile the keystore's password file; null for {@code POOL_TLS_KEYSTORE_PASSWORD}
 */
record ConnectionOptions(List<HostPort> servers, String name, Path secretFile, boolean tls, Path tlsTruststore,
                         Path tlsKeystore, Path tlsKeystorePasswordFile) {

    /** The same options with every path absolute, for a process that may run elsewhere in the file system. */
    ConnectionOptions absolute() {
        return new ConnectionOptions(servers, name, absolute(secretFile), tls, absolute(tlsTruststore),
                absolute(tlsKeystore), absolute(tlsKeystorePasswordFile));
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath();
    }

    /** The same options for other servers. */
    private ConnectionOptions withServers(List<HostPort> others) {
        return new ConnectionOptions(others, name, secretFile, tls, tlsTruststore, tlsKeystore, tlsKeystorePasswordFile);
    }

    /** Connects and logs in, reading the secret and the TLS material as {@link #secret} and {@link #tlsContext} do. */
    PoolFleetClient connect() throws PoolException, ServerUnreachableException {
        return connect(secret(), tlsContext());
    }

    /**
     * A client of the servers, with a secret and TLS context already read (either may be null); it logs in
     * to each on first use.
     */
    PoolFleetClient connect(byte[] secret, SSLContext tls) {
        return PoolFleetClient.of(servers.stream().map(server -> settings(server, secret, tls)).toList());
    }

    /**
     * The same options for every live server of the first server's fleet, as {@link PoolFleetClient#discover}
     * finds them (one login to the first server, with a secret and TLS context already read).
     */
    ConnectionOptions discovered(byte[] secret, SSLContext tls) throws PoolException, ServerUnreachableException {
        List<HostPort> found = PoolFleetClient.discover(settings(servers.get(0), secret, tls)).stream()
                .map(s -> new HostPort(s.host(), s.port())).toList();
        return withServers(found);
    }

    /** How to reach and log in to {@code server}; the secret and the TLS context may be null. */
    private ClientSettings settings(HostPort server, byte[] secret, SSLContext tls) {
        ClientSettings s = new ClientSettings(server.host(), server.port(), name, secret, null, null);
        return tls == null ? s : s.withTls(tls);
    }

    /** The one server: for what talks to a single server (admin, the stress baseline). */
    HostPort server() {
        if (servers.size() != 1) {
            throw new IllegalArgumentException("this command talks to one server: give one --server, not "
                    + servers.size());
        }
        return servers.get(0);
    }

    /** Connects and logs in as an admin with the admin secret (the TLS context may be null). */
    PoolAdminClient connectAdmin(byte[] adminSecret, SSLContext tls) throws PoolException, ServerUnreachableException {
        return PoolAdminClient.connect(settings(server(), null, tls), adminSecret);
    }

    /**
     * The login secret; null for none.
     *
     * @throws IllegalArgumentException when a secret file is missing, unreadable or empty
     */
    byte[] secret() {
        return Secrets.fromEnvironment(secretFile);
    }

    /**
     * The TLS context the options describe, or null for plain TCP.
     *
     * @throws IllegalArgumentException when a store cannot be read or its password is missing or wrong
     */
    SSLContext tlsContext() {
        if (!tls && tlsTruststore == null && tlsKeystore == null) {
            return null;
        }
        char[] keyPassword = tlsKeystore == null ? null
                : TlsPasswords.keystorePassword(tlsKeystorePasswordFile, System.getenv());
        return TlsContexts.client(tlsTruststore, TlsPasswords.truststorePassword(System.getenv()), tlsKeystore,
                keyPassword);
    }
}
