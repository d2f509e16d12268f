package io.rmipool.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's findings: per part, the server flags, every number (name, value, unit), notes, and
 * the pass/fail checks. Rendered as text for stdout, and as Markdown or CSV for a file. Used by one
 * thread.
 */
final class Report {
    /** One number of one part. */
    record Value(String part, String name, String value, String unit) {
        String withUnit() {
            return unit.isEmpty() ? value : value + " " + unit;
        }
    }

    /** One pass/fail condition. */
    record Check(String part, String name, boolean passed, String detail) {
    }

    private record Part(String title, List<String> servers, List<Value> values, List<String> notes) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    /** A line about the whole run (machine, JVM). */
    void header(String line) {
        header.add(line);
    }

    /** Starts a part; what follows belongs to it. */
    void part(String title) {
        parts.add(new Part(title, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }

    private Part current() {
        return parts.get(parts.size() - 1);
    }

    /** The command line of the current part's server. */
    void server(String commandLine) {
        current().servers().add(commandLine);
    }

    void value(String name, Object value, String unit) {
        current().values().add(new Value(current().title(), name, String.valueOf(value), unit));
    }

    void note(String text) {
        current().notes().add(text);
    }

    void check(String name, boolean passed, String detail) {
        checks.add(new Check(current().title(), name, passed, detail));
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        for (Part part : parts) {
            out.append("\n== ").append(part.title()).append(" ==\n");
            part.servers().forEach(command -> out.append("server: ").append(command).append('\n'));
            int width = part.values().stream().mapToInt(v -> v.name().length()).max().orElse(0);
            for (Value v : part.values()) {
                out.append(String.format("  %-" + width + "s  %s%n", v.name(), v.withUnit()));
            }
            part.notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
            for (Check c : checks) {
                if (c.part().equals(part.title())) {
                    out.append(c.passed() ? "PASS  " : "FAIL  ").append(c.name()).append(": ").append(c.detail())
                            .append('\n');
                }
            }
        }
        out.append("\nresult: ").append(passed() ? "PASS" : "FAIL").append('\n');
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# Scale benchmark\n\n");
        header.forEach(line -> out.append(line).append("  \n"));
        for (Part part : parts) {
            out.append("\n## ").append(part.title()).append("\n\n");
            part.servers().forEach(command -> out.append("Server: `").append(command).append("`\n\n"));
            out.append("| measure | value |\n|---|---|\n");
            for (Value v : part.values()) {
                out.append("| ").append(v.name()).append(" | ").append(v.withUnit()).append(" |\n");
            }
            for (String note : part.notes()) {
                int lineBreak = note.indexOf('\n');
                out.append("\n- ").append(lineBreak < 0 ? note
                        : note.substring(0, lineBreak) + "\n\n```\n" + note.substring(lineBreak + 1) + "\n```\n");
            }
            out.append('\n');
            for (Check c : checks) {
                if (c.part().equals(part.title())) {
                    out.append("\n**").append(c.passed() ? "PASS" : "FAIL").append("** ").append(c.name()).append(": ")
                            .append(c.detail()).append('\n');
                }
            }
        }
        out.append("\nResult: **").append(passed() ? "PASS" : "FAIL").append("**\n");
        return out.toString();
    }

    /** {@code part,name,value,unit} rows, the checks as {@code PASS}/{@code FAIL} values. */
    String csv() {
        StringBuilder out = new StringBuilder("part,name,value,unit\n");
        for (Part part : parts) {
            for (Value v : part.values()) {
                out.append(csvRow(v.part(), v.name(), v.value(), v.unit()));
            }
        }
        for (Check c : checks) {
            out.append(csvRow(c.part(), "check: " + c.name(), c.passed() ? "PASS" : "FAIL", c.detail()));
        }
        return out.toString();
    }

    private static String csvRow(String... cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            quoted.add('"' + cell.replace("\"", "\"\"") + '"');
        }
        return String.join(",", quoted) + "\n";
    }

    /** Writes Markdown when {@code file} ends in {@code .md}, CSV otherwise. */
    void write(Path file) throws IOException {
        String content = file.getFileName().toString().endsWith(".md") ? markdown() : csv();
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
