package io.rmipool.server.net;

import io.rmipool.api.transport.ConnectionHello;
import io.rmipool.api.transport.SessionCredential;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;

import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.Remote;
import java.rmi.server.RemoteObjectInvocationHandler;
import java.rmi.server.RemoteRef;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hand-made JRMP client for the attack tests: it speaks the wire protocol byte by byte (after our
 * connection handshake), so a test can send what no stub would: a registry {@code unbind}, a huge
 * declared array, an endless string, a call to an object id it read from someone else's stub.
 *
 * <p>A call is written as the JDK writes one (message byte, stream header, the target's ObjID, the
 * operation and method hash in one block), followed by whatever arguments the test writes; class
 * annotations are written as RMI expects (a null codebase per class). Not thread-safe.
 */
public final class RawJrmp implements AutoCloseable {
    /** The registry's ObjID: object number 0 in the well-known space. */
    public static final Target REGISTRY = new Target(0, 0, 0, (short) 0);
    /** The registry's operations in its stub protocol, and their interface hash. */
    public static final int REGISTRY_BIND = 0;
    public static final int REGISTRY_LOOKUP = 2;
    public static final int REGISTRY_REBIND = 3;
    public static final int REGISTRY_UNBIND = 4;
    public static final long REGISTRY_HASH = JrmpInspector.REGISTRY_INTERFACE_HASH;

    /** An exported object's id, as a stub carries it. */
    public record Target(long objNum, int unique, long time, short count) {
    }

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    private RawJrmp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Connects to {@code 127.0.0.1:port} from {@code localAddress} (null: any), runs our handshake for
     * {@code credential}'s session (null: anonymous) and JRMP's.
     */
    public static RawJrmp connect(InetAddress localAddress, int port, SessionCredential credential) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        ConnectionHello.client(socket, credential);
        RawJrmp raw = new RawJrmp(socket);
        raw.out.write(new byte[] {'J', 'R', 'M', 'I', 0, 2, 0x4B});
        raw.out.flush();
        if (raw.in.readUnsignedByte() != 0x4E) {
            throw new IOException("no JRMP protocol ack");
        }
        raw.in.readUTF();
        raw.in.readInt();
        raw.out.writeUTF("");
        raw.out.writeInt(0);
        raw.out.flush();
        return raw;
    }

    public static RawJrmp anonymous(int port) throws IOException {
        return connect(null, port, null);
    }

    /** What a call's arguments are made of. */
    @FunctionalInterface
    public interface Arguments {
        void write(ObjectOutputStream out) throws IOException;
    }

    /** Sends one call: its header, then {@code arguments}. */
    public void call(Target target, int op, long hash, Arguments arguments) throws IOException {
        out.write(0x50);
        ObjectOutputStream call = header(new AnnotatingOutput(out), target, op, hash);
        arguments.write(call);
        call.flush();
    }

    /** Writes what the JDK writes first in a call: the target's ObjID, the operation, the method hash. */
    private static ObjectOutputStream header(ObjectOutputStream call, Target target, int op, long hash) throws IOException {
        call.writeLong(target.objNum());
        call.writeInt(target.unique());
        call.writeLong(target.time());
        call.writeShort(target.count());
        call.writeInt(op);
        call.writeLong(hash);
        return call;
    }

    private static final byte[] MARKER = {0x13, 0x37, 0x0B, 0x5E, 0x55, 0x10, 0x7A, 0x2D};

    /**
     * Sends a call whose last argument declares a {@code byte[]} ({@code longs} false) or a {@code long[]}
     * of {@code declaredLength} elements, and then sends none of them: what pins memory on a server that
     * allocates an array before it reads it.
     */
    public void callWithHollowArray(Target target, int op, long hash, Arguments before, boolean longs,
                                    int declaredLength) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream call = header(new AnnotatingOutput(bytes), target, op, hash);
        before.write(call);
        call.writeObject(longs ? new long[] {java.nio.ByteBuffer.wrap(MARKER).getLong()} : MARKER.clone());
        call.flush();
        byte[] wire = bytes.toByteArray();
        int marker = wire.length - MARKER.length; // the placeholder's elements are the stream's last bytes
        java.nio.ByteBuffer.wrap(wire, marker - 4, 4).putInt(declaredLength);
        out.write(0x50);
        out.write(wire, 0, marker);
        out.flush();
    }

    /** Sends the beginning of a call and then raw bytes, without flushing the stream's framing first. */
    public OutputStream rawOutput() {
        return out;
    }

    /**
     * Reads a call's return.
     *
     * @return the returned object, or the exception the server threw (as an object, not thrown)
     * @throws IOException when the server closed the connection instead of answering
     */
    public Object result() throws IOException {
        return result(Object.class);
    }

    /**
     * Reads a call's return whose normal value has type {@code type}: a primitive is read as RMI writes
     * it (not as an object).
     */
    public Object result(Class<?> type) throws IOException {
        int message = in.read();
        if (message != 0x51) {
            throw new IOException("no return message: " + message);
        }
        ObjectInputStream ret = new AnnotatedInput(in);
        int returnType = ret.readByte();
        ret.readInt(); // the return's UID, for DGC acknowledgements
        ret.readLong();
        ret.readShort();
        try {
            if (returnType == 1 && type == boolean.class) {
                return ret.readBoolean();
            }
            if (returnType == 1 && type == long.class) {
                return ret.readLong();
            }
            Object value = ret.readObject();
            return returnType == 1 || returnType == 2 ? value : new IOException("return type " + returnType);
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    /** RMI's hash of a remote method: the first 8 bytes (little-endian) of SHA-1 over its name and descriptor. */
    public static long methodHash(Method m) {
        StringBuilder sig = new StringBuilder(m.getName()).append('(');
        for (Class<?> p : m.getParameterTypes()) {
            sig.append(descriptor(p));
        }
        sig.append(')').append(descriptor(m.getReturnType()));
        try {
            ByteArrayOutputStream utf = new ByteArrayOutputStream();
            new DataOutputStream(utf).writeUTF(sig.toString());
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(utf.toByteArray());
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash += ((long) (digest[i] & 0xFF)) << (i * 8);
            }
            return hash;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long methodHash(Class<?> type, String name, Class<?>... parameters) {
        try {
            return methodHash(type.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String descriptor(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        }
        if (!c.isPrimitive()) {
            return "L" + c.getName().replace('.', '/') + ";";
        }
        return String.valueOf(java.lang.invoke.MethodType.methodType(c).toMethodDescriptorString().charAt(2));
    }

    /** Whether the server has closed this connection: a read returns end of stream (or the reset). */
    public boolean closedByServer() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * The ObjID a stub carries, read from its reference's external form (host, port, socket factory,
     * then the ObjID): what an eavesdropper reads from a login's return in plain text.
     */
    public static Target targetOf(Remote stub) throws IOException {
        RemoteRef ref = ((RemoteObjectInvocationHandler) Proxy.getInvocationHandler(stub)).getRef();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ref.writeExternal(new PrimitivesOnly(new DataOutputStream(bytes)));
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        in.readByte();  // endpoint format
        in.readUTF();   // host
        in.readInt();   // port
        // (the socket factory went through writeObject, which PrimitivesOnly drops)
        return new Target(in.readLong(), in.readInt(), in.readLong(), in.readShort());
    }

    /** An ObjectOutputStream that writes RMI's class annotation (no codebase) after each class. */
    private static final class AnnotatingOutput extends ObjectOutputStream {
        AnnotatingOutput(OutputStream out) throws IOException {
            super(out);
        }

        @Override
        protected void annotateClass(Class<?> cl) throws IOException {
            writeObject(null);
        }

        @Override
        protected void annotateProxyClass(Class<?> cl) throws IOException {
            writeObject(null);
        }
    }

    /** Reads what {@link AnnotatingOutput}'s counterpart on the server writes. */
    private static final class AnnotatedInput extends ObjectInputStream {
        AnnotatedInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            readObject(); // the codebase annotation
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            readObject();
            return super.resolveProxyClass(interfaces);
        }
    }

    /** An ObjectOutput that keeps primitive writes and drops objects. */
    private static final class PrimitivesOnly extends DataOutputStream implements ObjectOutput {
        PrimitivesOnly(OutputStream out) {
            super(out);
        }

        @Override
        public void writeObject(Object obj) {
            // dropped: only the primitives around it are wanted
        }
    }
}
