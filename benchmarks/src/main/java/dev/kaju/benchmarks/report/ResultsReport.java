package dev.kaju.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns JMH JSON results into {@code RESULTS.md} (a table with each benchmark's ratio to the
 * hand-written Caffeine peer of the same run) and a PNG bar chart of those ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kaju.benchmarks.report.ResultsReport \
 *     benchmarks/results/short.json benchmarks/RESULTS.md benchmarks/results/ratios.png "machine description"
 * </pre>
 */
public final class ResultsReport {
  private ResultsReport() {}

  /** One benchmark's score. */
  record Row(String group, String name, double score, double error, String unit, double allocation, String mode) {
    /** Time per op in the same unit family, so throughput and average time compare. */
    double timeLike() {
      return mode.equals("thrpt") ? 1.0 / score : score;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ResultsReport <jmh.json> <RESULTS.md> <chart.png> [machine description]");
      System.exit(2);
    }
    List<Row> rows = read(Path.of(args[0]));
    String machine = args.length > 3 ? args[3] : "unknown machine";
    Files.writeString(Path.of(args[1]), markdown(rows, machine, args[0], Path.of(args[2]).getFileName().toString()), StandardCharsets.UTF_8);
    chart(rows, new File(args[2]));
    System.out.println("wrote " + args[1] + " and " + args[2] + " from " + rows.size() + " results");
  }

  static List<Row> read(Path json) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (JsonNode b : new ObjectMapper().readTree(json.toFile())) {
      String full = b.get("benchmark").asText();
      String[] parts = full.split("\\.");
      String group = parts[parts.length - 2] + params(b.path("params"));
      String name = parts[parts.length - 1];
      JsonNode primary = b.get("primaryMetric");
      JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      rows.add(new Row(group, name, primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
          primary.get("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : alloc.asDouble(), b.get("mode").asText()));
    }
    return rows;
  }

  /** {@code " [keys=zipf]"} for a benchmark with JMH parameters, so each is compared within its own. */
  static String params(JsonNode params) {
    if (params.isMissingNode() || params.size() == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder(" [");
    params.fields().forEachRemaining(e -> out.append(out.length() == 2 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText()));
    return out.append(']').toString();
  }

  /** The hand-written Caffeine peer a benchmark is compared with, in the same class. */
  static String baseline(String name) {
    if (name.contains("NestedLower")) {
      return "caffeine_handWrittenNestedLower";
    }
    if (name.startsWith("hotKey_")) {
      return "hotKey_caffeine";
    }
    if (name.startsWith("spread_")) {
      return "spread_caffeine";
    }
    if (name.endsWith("Disk") || name.equals("chronicle_rawGet")) {
      return "chronicle_rawGet";
    }
    if (name.endsWith("NearCache")) {
      return "lettuce_clientSideCachingNearCache";
    }
    if (name.endsWith("Redis") || name.equals("lettuce_rawGet")) {
      return "lettuce_rawGet";
    }
    return "caffeine_handWritten";
  }

  static Map<Row, Double> ratios(List<Row> rows) {
    Map<Row, Double> ratios = new LinkedHashMap<>();
    for (Row r : rows) {
      Row base = rows.stream()
          .filter(o -> o.group().equals(r.group()) && o.name().equals(baseline(r.name())))
          .findFirst().orElse(null);
      ratios.put(r, base == null ? Double.NaN : r.timeLike() / base.timeLike());
    }
    return ratios;
  }

  static String markdown(List<Row> rows, String machine, String source, String chart) {
    Map<Row, Double> ratios = ratios(rows);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n")
        .append("Machine: ").append(machine).append(".  \n")
        .append("Source: `").append(source).append("` (JMH JSON). ")
        .append("Ratio: time per operation relative to the peer of the same benchmark class and the same run ")
        .append("(hand-written Caffeine for memory, a raw Chronicle Map get for disk, a raw Lettuce GET for Redis, ")
        .append("Lettuce's own client-side caching for the near cache; ")
        .append("lower is faster; for throughput benchmarks, the inverse of the throughput ratio).\n\n")
        .append("![ratios](").append(source.contains("/") ? "" : "").append("results/").append(chart).append(")\n\n");
    String group = null;
    for (Row r : rows) {
      if (!r.group().equals(group)) {
        group = r.group();
        md.append("\n## ").append(group).append("\n\n")
            .append("| benchmark | score | unit | B/op | × its peer |\n|---|---:|---|---:|---:|\n");
      }
      md.append(String.format(Locale.ROOT, "| `%s` | %.2f ± %.2f | %s | %s | %s |%n",
          r.name(), r.score(), r.error(), r.unit(),
          Double.isNaN(r.allocation()) ? "n/a" : String.format(Locale.ROOT, "%.0f", r.allocation()),
          Double.isNaN(ratios.get(r)) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratios.get(r))));
    }
    return md.toString();
  }

  static void chart(List<Row> rows, File png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    ratios(rows).forEach((r, ratio) -> {
      if (!Double.isNaN(ratio)) {
        data.addValue(ratio, "ratio", r.group().replace("Benchmark", "") + ": " + r.name());
      }
    });
    JFreeChart chart = ChartFactory.createBarChart(
        "Time per operation relative to each benchmark's peer (lower is faster)", null, "ratio",
        data, PlotOrientation.HORIZONTAL, false, false, false);
    org.jfree.chart.plot.CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(java.awt.Color.WHITE);
    plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(1.0, java.awt.Color.DARK_GRAY, new java.awt.BasicStroke(1.5f)));
    ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setSeriesPaint(0, new java.awt.Color(0x4C72B0));
    ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    png.getAbsoluteFile().getParentFile().mkdirs();
    ChartUtils.saveChartAsPNG(png, chart, 1100, 40 + 28 * rows.size());
  }
}
