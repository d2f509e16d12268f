package io.rmipool.server.net;

/**
 * Follows the bytes RMI consumes from one connection, exactly as far as it takes to know each call's
 * target and size, and refuses a call before RMI acts on it.
 *
 * <h2>What it reads</h2>
 * JRMP's stream protocol: the transport header ({@code JRMI}, version 2, stream protocol), the client's
 * endpoint (a short UTF string and a port), then messages: a ping, a DGC acknowledgement (a 14-byte
 * UID), or a call. A call starts with the serialization stream header and one block of data holding
 * the target's ObjID (object number and space UID), the operation number and the method hash, then the
 * arguments. The JDK writes exactly this; anything else is refused.
 *
 * <h2>What it refuses</h2>
 * <ul>
 *   <li>any operation on the registry but {@code lookup} and {@code list}: {@code bind},
 *       {@code rebind} and {@code unbind} are refused from the network, from this host too (the JDK
 *       lets any local process change the registry), so nobody can take the pool's name away or put a
 *       relay in its place;</li>
 *   <li>a call of more than the connection's budget, counted from its first byte: the arguments'
 *       strings included, which no serialization filter sees.</li>
 * </ul>
 *
 * <h2>Where a call ends</h2>
 * The arguments' encoding is not followed. It does not have to be: over one connection a JRMP client
 * sends a call, then waits for the return, so the first byte RMI consumes after the server
 * {@linkplain #serverWrote() wrote} is the next message. The inspector sees the bytes RMI consumes, not
 * what the socket buffered ahead, so RMI and the inspector agree on every byte, even for a client that
 * sends garbage.
 *
 * <p>Not thread-safe: one connection, one RMI thread at a time.
 */
final class JrmpInspector {
    /** The interface hash of the registry's stub protocol (RegistryImpl_Stub). */
    static final long REGISTRY_INTERFACE_HASH = 4905912898345647071L;
    private static final int OP_LIST = 1;
    private static final int OP_LOOKUP = 2;
    private static final String[] REGISTRY_OPS = {"bind", "list", "lookup", "rebind", "unbind"};

    private static final byte[] TRANSPORT_HEADER = {'J', 'R', 'M', 'I', 0, 2, 0x4B};
    private static final byte[] STREAM_HEADER = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05};
    private static final int TC_BLOCKDATA = 0x77;
    private static final int TC_BLOCKDATALONG = 0x7A;
    private static final int MSG_CALL = 0x50;
    private static final int MSG_PING = 0x52;
    private static final int MSG_DGC_ACK = 0x54;
    private static final int UID_BYTES = 14;
    private static final int MAX_ENDPOINT_HOST = 255;
    /** ObjID (object number 8, UID 4 + 8 + 2), operation 4, method hash 8. */
    static final int CALL_HEADER_BYTES = 34;

    private enum State {
        TRANSPORT_HEADER, ENDPOINT_LENGTH, ENDPOINT_HOST, ENDPOINT_PORT, MESSAGE, DGC_ACK,
        CALL_STREAM_HEADER, CALL_BLOCK_TAG, CALL_BLOCK_LENGTH, CALL_HEADER, ARGUMENTS
    }

    private final long callBudget;
    private State state = State.TRANSPORT_HEADER;
    /** Bytes still expected in the current field. */
    private int need = TRANSPORT_HEADER.length;
    private final byte[] field = new byte[CALL_HEADER_BYTES];
    private int filled;
    /** Bytes of the current call so far, from its message byte. */
    private long callBytes;

    /** @param callBudget the most bytes one call may have */
    JrmpInspector(long callBudget) {
        this.callBudget = callBudget;
    }

    /**
     * Checks bytes RMI is about to consume.
     *
     * @throws RefusedInputException when they break a rule; the connection must then be closed
     */
    void inspect(byte[] b, int off, int len) throws RefusedInputException {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (state == State.ARGUMENTS) {
                countCallBytes(end - i);
                return;
            }
            if (state.compareTo(State.CALL_STREAM_HEADER) >= 0) {
                countCallBytes(1);
            }
            frame(b[i]);
        }
    }

    /** The server wrote to the connection: a call it was reading has been answered. */
    void serverWrote() {
        if (state == State.ARGUMENTS) {
            expect(State.MESSAGE, 1);
        }
    }

    /** What the current call may still bring, or the whole budget between calls. */
    long remainingCallBytes() {
        return state == State.ARGUMENTS ? Math.max(0, callBudget - callBytes) : callBudget;
    }

    private void countCallBytes(long n) throws RefusedInputException {
        callBytes += n;
        if (callBytes > callBudget) {
            throw new RefusedInputException("oversized call", "a call of more than " + callBudget + " bytes");
        }
    }

    private void expect(State next, int bytes) {
        state = next;
        need = bytes;
        filled = 0;
    }

    /** One byte of framing (everything but a call's arguments). */
    private void frame(byte b) throws RefusedInputException {
        if (state == State.ENDPOINT_HOST) { // skipped, not kept
            if (--need == 0) {
                expect(State.ENDPOINT_PORT, 4);
            }
            return;
        }
        field[filled++] = b;
        if (--need > 0) {
            return;
        }
        switch (state) {
            case TRANSPORT_HEADER:
                requireField(TRANSPORT_HEADER, "not JRMP's stream protocol, version 2");
                expect(State.ENDPOINT_LENGTH, 2);
                break;
            case ENDPOINT_LENGTH:
                int length = ((field[0] & 0xff) << 8) | (field[1] & 0xff);
                if (length > MAX_ENDPOINT_HOST) {
                    throw malformed("a client endpoint of " + length + " bytes");
                }
                expect(length == 0 ? State.ENDPOINT_PORT : State.ENDPOINT_HOST, length == 0 ? 4 : length);
                break;
            case ENDPOINT_PORT:
            case DGC_ACK:
                expect(State.MESSAGE, 1);
                break;
            case MESSAGE:
                message(field[0] & 0xff);
                break;
            case CALL_STREAM_HEADER:
                requireField(STREAM_HEADER, "a call without a serialization stream header");
                expect(State.CALL_BLOCK_TAG, 1);
                break;
            case CALL_BLOCK_TAG:
                int tag = field[0] & 0xff;
                if (tag != TC_BLOCKDATA && tag != TC_BLOCKDATALONG) {
                    throw malformed("a call whose header is not block data");
                }
                expect(State.CALL_BLOCK_LENGTH, tag == TC_BLOCKDATA ? 1 : 4);
                break;
            case CALL_BLOCK_LENGTH:
                long blockLength = filled == 1 ? field[0] & 0xff : readInt(0) & 0xffffffffL;
                if (blockLength < CALL_HEADER_BYTES) {
                    throw malformed("a call header split across blocks");
                }
                expect(State.CALL_HEADER, CALL_HEADER_BYTES);
                break;
            case CALL_HEADER:
                checkTarget();
                state = State.ARGUMENTS;
                break;
            default:
                throw new IllegalStateException(state.toString());
        }
    }

    private void message(int type) throws RefusedInputException {
        switch (type) {
            case MSG_CALL:
                callBytes = 1;
                expect(State.CALL_STREAM_HEADER, STREAM_HEADER.length);
                break;
            case MSG_PING:
                expect(State.MESSAGE, 1);
                break;
            case MSG_DGC_ACK:
                expect(State.DGC_ACK, UID_BYTES);
                break;
            default:
                throw malformed("unknown JRMP message 0x" + Integer.toHexString(type));
        }
    }

    private void checkTarget() throws RefusedInputException {
        long objectNumber = readLong(0);
        boolean wellKnownSpace = readInt(8) == 0 && readLong(12) == 0 && field[20] == 0 && field[21] == 0;
        int op = readInt(22);
        long hash = readLong(26);
        if (objectNumber == 0 && wellKnownSpace) { // java.rmi.server.ObjID.REGISTRY_ID
            if (hash != REGISTRY_INTERFACE_HASH || (op != OP_LOOKUP && op != OP_LIST)) {
                String name = hash == REGISTRY_INTERFACE_HASH && op >= 0 && op < REGISTRY_OPS.length
                        ? REGISTRY_OPS[op] : "call by method hash";
                throw new RefusedInputException("registry change",
                        "registry " + name + " (only lookup and list are served)");
            }
        }
    }

    private void requireField(byte[] expected, String what) throws RefusedInputException {
        for (int i = 0; i < expected.length; i++) {
            if (field[i] != expected[i]) {
                throw malformed(what);
            }
        }
    }

    private static RefusedInputException malformed(String what) {
        return new RefusedInputException("malformed input", what);
    }

    private int readInt(int at) {
        return ((field[at] & 0xff) << 24) | ((field[at + 1] & 0xff) << 16) | ((field[at + 2] & 0xff) << 8)
                | (field[at + 3] & 0xff);
    }

    private long readLong(int at) {
        return ((long) readInt(at) << 32) | (readInt(at + 4) & 0xffffffffL);
    }
}
