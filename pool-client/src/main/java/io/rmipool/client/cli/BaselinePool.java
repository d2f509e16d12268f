package io.rmipool.client.cli;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** The remote interface of {@link BaselineServer}: a connection id, or -1 when all ten are leased; and its release. */
interface BaselinePool extends Remote {
    int lease() throws RemoteException;

    void release(int id) throws RemoteException;
}
