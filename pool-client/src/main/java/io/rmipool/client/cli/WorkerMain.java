package io.rmipool.client.cli;

import io.rmipool.client.ClientSerialFilter;
import io.rmipool.client.PoolFleetClient;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The main class of the worker processes that {@code demo} and {@code stress} spawn. It reads its
 * {@link WorkerSettings} from system properties, connects, and runs a {@link DemoWorker} or a
 * {@link StressWorker} (on RMI Pool, or on the {@link BaselineServer}), talking {@link WorkerProtocol}
 * with the parent over stdin and stdout. It has no
 * command line: eleven of these start for one demo, and a command-line library would cost each of them
 * more start-up time than connecting does. A failure is one line on stderr and an {@link ExitCode},
 * as in the command line.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(WorkerSettings.fromSystemProperties(), System.err));
    }

    static int run(WorkerSettings settings, PrintStream err) {
        boolean verbose = settings.verbose();
        try {
            if (verbose) {
                System.setProperty(ClientMain.LOG_LEVEL_PROPERTY, "DEBUG"); // before the first logger
            }
            BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            // a large buffer: a stress worker writes all its records at the end, in one go
            PrintWriter out = new PrintWriter(new BufferedWriter(
                    new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
            if (settings.role().equals(WorkerSettings.BASELINE)) {
                // bare RMI to the baseline server this worker's parent started: no client library, no filter
                new StressWorker(settings).run(BaselineServer.target(settings.connection().server()), parent, out);
                return ExitCode.OK.code;
            }
            ClientSerialFilter.install();
            try (PoolFleetClient client = settings.connection().connect()) {
                switch (settings.role()) {
                    case WorkerSettings.DEMO -> new DemoWorker(settings).run(client, parent, out);
                    case WorkerSettings.STRESS -> new StressWorker(settings).run(StressWorker.pool(client, settings),
                            parent, out);
                    default -> throw new IllegalArgumentException("unknown worker role " + settings.role());
                }
            }
            return ExitCode.OK.code;
        } catch (Exception e) {
            err.println(ClientMain.ERROR_PREFIX + ClientMain.describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.of(e).code;
        }
    }
}
