package io.rmipool.client;

import io.rmipool.api.transport.WireFilter;
import java.io.ObjectInputFilter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Installs the client's JVM-wide deserialization filter. A client deserializes what the server sends:
 * results, stubs and exceptions. {@link WireFilter#forResults} admits exactly those, so a hostile or
 * impostor server cannot make this JVM instantiate arbitrary classes.
 *
 * <p>Call it once, first thing, before any remote call. Thread-safe.
 */
public final class ClientSerialFilter {
    private static final Logger LOG = LogManager.getLogger(ClientSerialFilter.class);

    private ClientSerialFilter() {
    }

    /**
     * Sets the filter unless the JVM already has one (for instance from {@code -Djdk.serialFilter=...},
     * which is the operator's decision to respect).
     *
     * @return {@code true} when this call installed the filter
     */
    public static synchronized boolean install() {
        if (ObjectInputFilter.Config.getSerialFilter() != null) {
            LOG.debug("a JVM-wide serial filter is already set; keeping it");
            return false;
        }
        ObjectInputFilter.Config.setSerialFilter(filter());
        return true;
    }

    static ObjectInputFilter filter() {
        return WireFilter.forResults(why -> LOG.warn("refused an object sent by the server: {}", why));
    }
}
