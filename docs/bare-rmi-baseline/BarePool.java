import java.rmi.Remote;
import java.rmi.RemoteException;

/** The reference point of docs/benchmarks.md: a bare pool of ids over plain RMI. */
public interface BarePool extends Remote {
    int lease() throws RemoteException;

    void release(int id) throws RemoteException;
}
