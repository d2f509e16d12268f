import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayDeque;

/**
 * A bare synchronized pool of 10 ids over plain RMI: no tokens, no TTL, no filter, no socket
 * factory, no JDBC. What RMI Pool's numbers are compared with. Usage: java BareServer PORT
 */
public final class BareServer implements BarePool {
    private final ArrayDeque<Integer> idle = new ArrayDeque<>();

    private BareServer() {
        for (int i = 0; i < 10; i++) {
            idle.push(i);
        }
    }

    @Override
    public synchronized int lease() {
        Integer id = idle.poll();
        return id == null ? -1 : id;
    }

    @Override
    public synchronized void release(int id) {
        idle.push(id);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Registry registry = LocateRegistry.createRegistry(port);
        BareServer pool = new BareServer();
        registry.bind("pool", UnicastRemoteObject.exportObject(pool, port));
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
