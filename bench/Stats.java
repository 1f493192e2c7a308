import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bench/run's raw samples into the table it prints and the JSON it keeps: median, min–max and p99
 * per server, the ratio Portcullis/OpenSSH, and whether each target is met. A single-file program run as
 * {@code java bench/Stats.java CASES SAMPLES META OUT}, so the bench needs nothing but the JDK.
 */
public class Stats {

    static final List<String> SERVERS = List.of("portcullis", "openssh");

    record Case(String id, String label, String unit, String better, String targetKind, String op, String value) {
        Double target() {
            return value.isEmpty() ? null : Double.valueOf(value);
        }
    }

    record Summary(int n, double median, double min, double max, double p99) {
        static Summary of(List<Double> values) {
            List<Double> v = new ArrayList<>(values);
            v.sort(null);
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            double p99 = v.get(Math.max(0, (int) Math.ceil(0.99 * n) - 1));
            return new Summary(n, median, v.get(0), v.get(n - 1), p99);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java bench/Stats.java CASES.tsv SAMPLES.tsv META.tsv OUT.json");
            System.exit(2);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t", -1);
            cases.add(new Case(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }
        Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.split("\t");
            samples.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(f[1], k -> new ArrayList<>())
                    .add(Double.valueOf(f[2]));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] f = line.split("\t", 2);
            meta.put(f[0], f.length > 1 ? f[1] : "");
        }

        StringBuilder json = new StringBuilder("{\n  \"meta\": {");
        String sep = "\n";
        for (Map.Entry<String, String> e : meta.entrySet()) {
            json.append(sep).append("    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
            sep = ",\n";
        }
        json.append("\n  },\n  \"cases\": [");
        System.out.printf("%-78s %-24s %-24s %8s  %s%n", "case", "Portcullis median (min–max)",
                "OpenSSH median (min–max)", "ratio", "target");
        sep = "\n";
        for (Case c : cases) {
            Map<String, List<Double>> byServer = samples.getOrDefault(c.id(), Map.of());
            Map<String, Summary> summaries = new LinkedHashMap<>();
            for (String server : SERVERS) {
                List<Double> values = byServer.get(server);
                if (values != null && !values.isEmpty()) {
                    summaries.put(server, Summary.of(values));
                }
            }
            Summary p = summaries.get("portcullis");
            Summary o = summaries.get("openssh");
            Double ratio = p != null && o != null && o.median() != 0 ? p.median() / o.median() : null;
            Boolean met = switch (c.targetKind()) {
                case "ratio" -> ratio == null ? null : compare(ratio, c.op(), c.target());
                case "portcullis" -> p == null ? null : compare(p.median(), c.op(), c.target());
                default -> null;
            };
            String target = switch (c.targetKind()) {
                case "ratio" -> "ratio " + c.op() + " " + c.value();
                case "portcullis" -> "Portcullis " + c.op() + " " + c.value() + " " + c.unit();
                default -> "";
            };
            System.out.printf("%-78s %-24s %-24s %8s  %s%n", c.label() + " [" + c.unit() + "]", cell(p), cell(o),
                    ratio == null ? "–" : fmt(ratio), target.isEmpty() ? "" : target + (met == null ? ""
                            : met ? "  met" : "  NOT MET"));

            json.append(sep).append("    {\"id\": ").append(str(c.id())).append(", \"label\": ").append(str(c.label()))
                    .append(", \"unit\": ").append(str(c.unit())).append(", \"better\": ").append(str(c.better()));
            for (String server : SERVERS) {
                Summary s = summaries.get(server);
                json.append(", ").append(str(server)).append(": ");
                if (s == null) {
                    json.append("null");
                } else {
                    json.append(String.format(Locale.ROOT,
                            "{\"n\": %d, \"median\": %s, \"min\": %s, \"max\": %s, \"p99\": %s, \"samples\": %s}",
                            s.n(), num(s.median()), num(s.min()), num(s.max()), num(s.p99()),
                            byServer.get(server).stream().map(Stats::num).toList()));
                }
            }
            json.append(", \"ratio\": ").append(ratio == null ? "null" : num(ratio));
            json.append(", \"target\": ").append(target.isEmpty() ? "null"
                    : "{\"of\": " + str(c.targetKind()) + ", \"op\": " + str(c.op()) + ", \"value\": " + c.value() + "}");
            json.append(", \"met\": ").append(met == null ? "null" : met.toString()).append("}");
            sep = ",\n";
        }
        json.append("\n  ]\n}\n");
        Path out = Path.of(args[3]);
        Files.writeString(out, json);
        System.out.println("results: " + out.toAbsolutePath());
    }

    static boolean compare(double value, String op, double target) {
        return op.equals(">=") ? value >= target : value <= target;
    }

    static String cell(Summary s) {
        if (s == null) {
            return "–";
        }
        String p99 = s.n() >= 20 ? " p99 " + fmt(s.p99()) : "";
        return fmt(s.median()) + " (" + fmt(s.min()) + "–" + fmt(s.max()) + ")" + p99;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
