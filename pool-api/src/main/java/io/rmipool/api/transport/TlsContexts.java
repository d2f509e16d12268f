package io.rmipool.api.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS contexts of both ends from files, with the JDK's own key and trust managers (PKIX
 * path validation, nothing home-made).
 * <ul>
 *   <li>A <b>keystore</b> is a PKCS12 file holding one private key and its certificate chain, as
 *       {@code keytool} or {@code openssl pkcs12 -export} make it ({@code scripts/dev-tls.sh}).</li>
 *   <li>A <b>truststore</b> is either PEM text with one or more {@code -----BEGIN CERTIFICATE-----}
 *       blocks (e.g. a CA's {@code ca.pem}), or a PKCS12 file of trusted certificates.</li>
 * </ul>
 * Every failure is an {@link IllegalArgumentException} with one line that names the file and what is
 * wrong with it. Stateless and thread-safe.
 */
public final class TlsContexts {
    private static final String PROTOCOL = "TLS";

    private TlsContexts() {
    }

    /**
     * The server's context.
     *
     * @param truststore when not null, the certificates client certificates must chain to (mutual TLS)
     */
    public static SSLContext server(Path keystore, char[] password, Path truststore, char[] trustPassword) {
        KeyStore keys = loadKeyStore(keystore, password, "TLS keystore");
        TrustManager[] trust = truststore == null ? null : trustManagers(loadTrustStore(truststore, trustPassword));
        return context(keyManagers(keys, password, keystore), trust);
    }

    /**
     * A client's context.
     *
     * @param truststore the certificates the server's must chain to; null for the JVM's default trust
     *     (the public CAs of its {@code cacerts}, or {@code javax.net.ssl.trustStore})
     * @param keystore the client's own key and certificate for mutual TLS, or null
     */
    public static SSLContext client(Path truststore, char[] trustPassword, Path keystore, char[] keyPassword) {
        KeyManager[] keys = keystore == null ? null
                : keyManagers(loadKeyStore(keystore, keyPassword, "TLS keystore"), keyPassword, keystore);
        TrustManager[] trust = truststore == null ? null : trustManagers(loadTrustStore(truststore, trustPassword));
        return context(keys, trust);
    }

    /**
     * A context that presents the keystore's key and trusts exactly the certificates of its chain: what a
     * process uses to talk to a server whose keystore it shares (the container health check).
     */
    public static SSLContext trustingOwnChain(Path keystore, char[] password) {
        KeyStore keys = loadKeyStore(keystore, password, "TLS keystore");
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (String alias : Collections.list(keys.aliases())) {
                Certificate[] chain = keys.getCertificateChain(alias);
                for (Certificate c : chain == null ? new Certificate[0] : chain) {
                    anchors.setCertificateEntry("chain-" + n++, c);
                }
            }
            return context(keyManagers(keys, password, keystore), trustManagers(anchors));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the certificates of " + keystore + ": " + e.getMessage(), e);
        }
    }

    static KeyStore loadKeyStore(Path file, char[] password, String what) {
        byte[] bytes = read(file, what);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException(what + " " + file + " holds no private key");
            }
            return store;
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new IllegalArgumentException("cannot open " + what + " " + file + ": "
                    + (wrongPassword ? "wrong password" : "not a PKCS12 file (" + e.getMessage() + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static KeyStore loadTrustStore(Path file, char[] password) {
        byte[] bytes = read(file, "TLS truststore");
        try {
            if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                return pemTrustStore(file, bytes);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            if (store.size() == 0) {
                throw new IllegalArgumentException("TLS truststore " + file + " holds no certificate"
                        + (password == null ? " (a PKCS12 truststore may need POOL_TLS_TRUSTSTORE_PASSWORD)" : ""));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open TLS truststore " + file
                    + ": neither PEM certificates nor a PKCS12 file with this password (" + e.getMessage() + ")", e);
        }
    }

    private static KeyStore pemTrustStore(Path file, byte[] pem) throws GeneralSecurityException, IOException {
        List<? extends Certificate> certificates;
        try (InputStream in = new ByteArrayInputStream(pem)) {
            certificates = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("TLS truststore " + file + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("pem-" + i, certificates.get(i));
        }
        return store;
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(KeyStore keys, char[] password, Path file) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(KeyStore anchors) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trusted certificates: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }
}
