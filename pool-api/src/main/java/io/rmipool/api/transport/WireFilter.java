package io.rmipool.api.transport;

import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlValues;
import java.lang.reflect.Proxy;
import java.rmi.Remote;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The serialization allow-lists of both ends, as {@link java.io.ObjectInputFilter}s.
 *
 * <p>RMI deserializes a call's arguments before any code of ours runs, authentication included, so
 * the server must refuse every class it does not expect before it is instantiated. Our remote
 * methods take primitives, {@code String}, {@code byte[]} and {@link SqlParameters} (an
 * {@code Object[]} of {@link SqlValues#TYPES}): {@link #forCallArguments} admits exactly those
 * (Strings are not subject to class filtering) under size limits.
 *
 * <p>Clients deserialize results, stubs and exceptions: {@link #forResults} admits the pool-api
 * types, the SQL and {@code java.time} values they carry, stubs of pool-api remote interfaces, and
 * JDK exceptions with their stack traces.
 *
 * <p>Filters are stateless and thread-safe; the rejection listener is called on the deserializing
 * thread (for the server: the RMI thread of the offending call, so the caller's address is known).
 */
public final class WireFilter implements java.io.ObjectInputFilter {
    private static final String API_PACKAGE = "io.rmipool.api";

    /**
     * What SQL values need besides their own classes: {@code Object[]} (the parameter and row arrays),
     * the superclass of the boxed numbers and BigDecimal, BigDecimal's BigInteger, and the serial proxy
     * of every {@code java.time} value.
     */
    private static final Set<Class<?>> SQL_VALUE_SUPPORT = Set.of(
            Object.class, Number.class, java.math.BigInteger.class);
    private static final String JAVA_TIME_SERIAL_PROXY = "java.time.Ser";

    private static final Set<Class<?>> RESULT_JDK_CLASSES = Set.of(
            Instant.class, Duration.class, StackTraceElement.class,
            Proxy.class, // the superclass of every stub; the stub's own proxy class is checked below
            java.rmi.server.RemoteObject.class, java.rmi.server.RemoteObjectInvocationHandler.class,
            java.util.ArrayList.class);
    /** Collection shapes that Throwable's serial form uses for suppressed exceptions. */
    private static final Set<String> RESULT_JDK_CLASS_NAMES = Set.of(
            "java.util.Collections$EmptyList",
            "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableCollection");

    private final boolean results;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxBytes;
    private final long maxArrayLength;
    private final Consumer<String> onReject;

    private WireFilter(boolean results, long maxDepth, long maxReferences, long maxBytes, long maxArrayLength,
                       Consumer<String> onReject) {
        this.results = results;
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxBytes = maxBytes;
        this.maxArrayLength = maxArrayLength;
        this.onReject = onReject;
    }

    /** The server's filter for call arguments: primitives, String, byte[] and SQL parameters (up to 16 MiB). */
    public static WireFilter forCallArguments(Consumer<String> onReject) {
        return new WireFilter(false, 5, 100_000, 16L << 20, 16L << 20, onReject);
    }

    /** The client's filter for results (up to 256 MiB, e.g. 10,000 rows of wide text), stubs and exceptions. */
    public static WireFilter forResults(Consumer<String> onReject) {
        return new WireFilter(true, 32, 5_000_000, 256L << 20, 16L << 20, onReject);
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > maxDepth) {
            return reject("depth " + info.depth() + " > " + maxDepth);
        }
        if (info.references() > maxReferences) {
            return reject("references " + info.references() + " > " + maxReferences);
        }
        if (info.streamBytes() > maxBytes) {
            return reject("stream bytes " + info.streamBytes() + " > " + maxBytes);
        }
        if (info.arrayLength() > maxArrayLength) {
            return reject("array length " + info.arrayLength() + " > " + maxArrayLength);
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.ALLOWED;
        }
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive() || isSqlValue(element) || (results && allowedInResults(element))) {
            return Status.ALLOWED;
        }
        if (!results && element == SqlParameters.class) {
            return Status.ALLOWED;
        }
        return reject("class " + type.getName() + " is not allowed");
    }

    private static boolean isSqlValue(Class<?> type) {
        return SqlValues.TYPES.contains(type) || SQL_VALUE_SUPPORT.contains(type)
                || type.getName().equals(JAVA_TIME_SERIAL_PROXY);
    }

    private static boolean allowedInResults(Class<?> type) {
        if (type.getPackageName().equals(API_PACKAGE) || type.getPackageName().startsWith(API_PACKAGE + ".")) {
            return true;
        }
        if (Proxy.isProxyClass(type)) {
            for (Class<?> i : type.getInterfaces()) {
                if (i != Remote.class && !i.getPackageName().equals(API_PACKAGE)) {
                    return false;
                }
            }
            return true;
        }
        if (RESULT_JDK_CLASSES.contains(type) || RESULT_JDK_CLASS_NAMES.contains(type.getName())) {
            return true;
        }
        // JDK exceptions (RMI's wrappers, IO and runtime errors) carry only messages, causes and traces.
        return Throwable.class.isAssignableFrom(type) && type.getName().startsWith("java.");
    }

    private Status reject(String why) {
        onReject.accept(why);
        return Status.REJECTED;
    }
}
