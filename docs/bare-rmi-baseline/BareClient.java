import java.rmi.registry.LocateRegistry;

/** Three rounds of N lease+release cycles against BareServer. Usage: java BareClient PORT N */
public final class BareClient {
    public static void main(String[] args) throws Exception {
        BarePool pool = (BarePool) LocateRegistry.getRegistry("localhost", Integer.parseInt(args[0])).lookup("pool");
        int n = Integer.parseInt(args[1]);
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pool.release(pool.lease());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("bare round %d: %.0f cycles/s, %.1f us/cycle%n", round, n / seconds, seconds * 1e6 / n);
        }
    }
}
