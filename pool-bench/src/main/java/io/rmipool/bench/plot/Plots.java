package io.rmipool.bench.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the plots of {@code docs/benchmarks.md} from the CSV files the benchmark scripts write:
 *
 * <pre>
 * java -cp pool-bench/target/pool-bench.jar io.rmipool.bench.plot.Plots OUT_DIR [startup.csv] [stress.csv]
 * </pre>
 *
 * {@code startup.csv} ({@code benchmarks/startup.sh}: label,round,wall_ms,cpu_ms) gives
 * {@code startup.png}, the median wall and CPU time of each command; {@code stress.csv}
 * ({@code benchmarks/stress-paired.sh}: p,round,kind,cycles_per_s,p50_us,p99_us) gives
 * {@code stress-throughput.png} and {@code stress-latency.png}, medians by number of client processes
 * for RMI Pool and the bare RMI baseline. A file name that does not end in {@code .csv} is skipped.
 */
public final class Plots {
    private Plots() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Plots OUT_DIR [startup.csv] [stress.csv]");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            List<Map<String, String>> rows = read(csv);
            if (rows.isEmpty()) {
                throw new IOException(csv + " has no rows");
            }
            if (rows.get(0).containsKey("wall_ms")) {
                startup(rows, out);
            } else if (rows.get(0).containsKey("cycles_per_s")) {
                stress(rows, out);
            } else {
                throw new IOException(csv + " is neither a startup nor a stress CSV: columns " + rows.get(0).keySet());
            }
        }
    }

    private static void startup(List<Map<String, String>> rows, Path out) throws IOException {
        Map<String, List<Map<String, String>>> byLabel = group(rows, "label");
        List<String> labels = new ArrayList<>(byLabel.keySet());
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (String label : labels) {
            wall.add(median(byLabel.get(label), r -> Double.parseDouble(r.get("wall_ms"))));
            cpu.add(median(byLabel.get(label), r -> Double.parseDouble(r.get("cpu_ms"))));
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title("Client start-up: median of " + byLabel.get(labels.get(0)).size() + " paired rounds")
                .xAxisTitle("command").yAxisTitle("milliseconds").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(20); // labels such as "demo-script" would overlap
        chart.addSeries("wall", labels, wall);
        chart.addSeries("CPU (all processes)", labels, cpu);
        save(chart, out.resolve("startup.png"));
    }

    private static void stress(List<Map<String, String>> rows, Path out) throws IOException {
        XYChart throughput = new XYChartBuilder().width(800).height(450)
                .title("Lease + release over RMI: cycles/s (median of paired rounds)")
                .xAxisTitle("client processes (P)").yAxisTitle("cycles/s").build();
        throughput.getStyler().setYAxisMin(0.0); // a ratio reads true only from zero
        XYChart latency = new XYChartBuilder().width(800).height(450)
                .title("Latency of one lease + release cycle (median of paired rounds)")
                .xAxisTitle("client processes (P)").yAxisTitle("microseconds").build();
        latency.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, List<Map<String, String>>> kind : group(rows, "kind").entrySet()) {
            TreeMap<Integer, List<Map<String, String>>> byP = new TreeMap<>();
            for (Map<String, String> row : kind.getValue()) {
                byP.computeIfAbsent(Integer.parseInt(row.get("p")), p -> new ArrayList<>()).add(row);
            }
            List<Integer> ps = new ArrayList<>(byP.keySet());
            throughput.addSeries(kind.getKey(), ps, medians(byP, "cycles_per_s"));
            latency.addSeries(kind.getKey() + " p50", ps, medians(byP, "p50_us"));
            latency.addSeries(kind.getKey() + " p99", ps, medians(byP, "p99_us"));
        }
        save(throughput, out.resolve("stress-throughput.png"));
        save(latency, out.resolve("stress-latency.png"));
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + file);
    }

    private static List<Double> medians(TreeMap<Integer, List<Map<String, String>>> byP, String column) {
        List<Double> medians = new ArrayList<>();
        for (List<Map<String, String>> runs : byP.values()) {
            medians.add(median(runs, r -> Double.parseDouble(r.get(column))));
        }
        return medians;
    }

    private static double median(List<Map<String, String>> rows, ToDoubleFunction<Map<String, String>> value) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> row : rows) {
            values.add(value.applyAsDouble(row));
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static Map<String, List<Map<String, String>>> group(List<Map<String, String>> rows, String column) {
        Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            groups.computeIfAbsent(row.get(column), k -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    /** A CSV with a header row and no quoted fields (what the benchmark scripts write). */
    private static List<Map<String, String>> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new IOException(csv + ": expected " + header.length + " fields in '" + line + "'");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
