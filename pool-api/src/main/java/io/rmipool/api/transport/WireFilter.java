package io.rmipool.api.transport;

import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlValues;
import java.lang.reflect.Proxy;
import java.rmi.Remote;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The serialization allow-lists of both ends, as {@link java.io.ObjectInputFilter}s.
 *
 * <p>RMI deserializes a call's arguments before any code of ours runs, authentication included, so
 * the server must refuse every class it does not expect before it is instantiated, and every array
 * before it is allocated (an array's length is known, and checked here, before its memory is):
 * <ul>
 *   <li>{@link #forGateway}: before login only small {@code byte[]} (the challenge and the proof); no
 *       other class, no deep graphs.</li>
 *   <li>{@link #forSession}: {@link SqlParameters}, its {@code Object[]}, {@code byte[]} values and the
 *       other {@link SqlValues#TYPES}; no other array type. An array must also fit in what is left of
 *       the call's byte budget (the server supplies it), so declaring a huge array without sending it
 *       cannot pin memory beyond the budget.</li>
 *   <li>{@link #forResults}: what clients accept from the server, see below.</li>
 * </ul>
 * Strings are not subject to class filtering; the server bounds them with the byte budget of each call
 * (they are read as they arrive, so their memory never exceeds what was actually sent).
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
    /** The longest {@code byte[]} a gateway call carries (challenge and proof are 32 bytes). */
    public static final int GATEWAY_MAX_ARRAY = 64;
    /** At most this many parameters per statement (PostgreSQL's limit is 65,535). */
    public static final int MAX_PARAMETERS = 65_535;
    /** What an {@code Object[]} element costs at most when allocated (an uncompressed reference). */
    private static final long REFERENCE_BYTES = 8;

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

    private enum Kind { GATEWAY, SESSION, RESULTS }

    private final Kind kind;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxBytes;
    private final long maxArrayLength;
    private final LongSupplier remainingBudget;
    private final Consumer<String> onReject;

    private WireFilter(Kind kind, long maxDepth, long maxReferences, long maxBytes, long maxArrayLength,
                       LongSupplier remainingBudget, Consumer<String> onReject) {
        this.kind = kind;
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxBytes = maxBytes;
        this.maxArrayLength = maxArrayLength;
        this.remainingBudget = remainingBudget;
        this.onReject = onReject;
    }

    /** The gateway's filter: small {@code byte[]} only, a handful of references, a few KiB. */
    public static WireFilter forGateway(Consumer<String> onReject) {
        return new WireFilter(Kind.GATEWAY, 2, 16, 8 << 10, GATEWAY_MAX_ARRAY, () -> Long.MAX_VALUE, onReject);
    }

    /**
     * A session's filter: SQL parameters within {@code maxBytes} in all.
     *
     * @param remainingBudget bytes the current call may still bring; an array must fit in it
     */
    public static WireFilter forSession(long maxBytes, LongSupplier remainingBudget, Consumer<String> onReject) {
        return new WireFilter(Kind.SESSION, 5, 4L * MAX_PARAMETERS + 1_000, maxBytes, maxBytes, remainingBudget, onReject);
    }

    /** The client's filter for results (up to 256 MiB, e.g. 10,000 rows of wide text), stubs and exceptions. */
    public static WireFilter forResults(Consumer<String> onReject) {
        return new WireFilter(Kind.RESULTS, 32, 5_000_000, 256L << 20, 16L << 20, () -> Long.MAX_VALUE, onReject);
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
        switch (kind) {
            case GATEWAY:
                return type == byte[].class ? Status.ALLOWED : reject("class " + type.getName() + " is not allowed before login");
            case SESSION:
                return checkSessionArgument(type, info.arrayLength());
            default:
                return checkResult(type);
        }
    }

    private Status checkSessionArgument(Class<?> type, long arrayLength) {
        if (type.isArray()) {
            long bytes;
            if (type == byte[].class) {
                bytes = arrayLength;
            } else if (type == Object[].class) {
                if (arrayLength > MAX_PARAMETERS) {
                    return reject("more than " + MAX_PARAMETERS + " parameters");
                }
                bytes = arrayLength * REFERENCE_BYTES;
            } else {
                return reject("array class " + type.getName() + " is not allowed");
            }
            long remaining = remainingBudget.getAsLong();
            if (bytes > remaining) {
                return reject("an array of " + bytes + " bytes exceeds the " + remaining + " bytes left in the call's budget");
            }
            return Status.ALLOWED;
        }
        if (isSqlValue(type) || type == SqlParameters.class) {
            return Status.ALLOWED;
        }
        return reject("class " + type.getName() + " is not allowed");
    }

    private Status checkResult(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive() || isSqlValue(element) || allowedInResults(element)) {
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
