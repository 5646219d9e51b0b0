package io.autoencoded.deploy.film;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoencoded.job.report.ChartPng;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Peak memory against film length, from the JSON lines that {@code bench film --record FILE} appends to: one line per
 * stage and kind of memory (the resident set; the heap live after collections), the film's minutes along the bottom. Flat lines
 * are the point of the picture: no stage may hold a film-sized structure.
 */
public final class MemoryChart {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MemoryChart() {}

  /** Draws every record in {@code records} (later runs of the same length replace earlier ones) into {@code png}. */
  public static void draw(Path records, Path png) throws IOException {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (String line : Files.readAllLines(records)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode run = JSON.readTree(line);
      double minutes = run.path("minutes").asDouble();
      for (Iterator<Map.Entry<String, JsonNode>> stages = run.path("stages").fields(); stages.hasNext(); ) {
        Map.Entry<String, JsonNode> s = stages.next();
        add(series, s.getKey() + " peak RSS", minutes, s.getValue().path("peak_rss_mb").asDouble());
        if (s.getValue().has("peak_heap_live_mb")) {
          add(series, s.getKey() + " peak live heap", minutes, s.getValue().path("peak_heap_live_mb").asDouble());
        }
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("Peak memory per stage against film length",
        "film length (minutes)", "MiB", data, PlotOrientation.VERTICAL, true, false, false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(i % 2 == 0 ? 2f : 1f));
    }
    chart.getXYPlot().setRenderer(renderer);
    // from zero on both axes: flat means flat against the whole length, not against the shortest run
    ((NumberAxis) chart.getXYPlot().getDomainAxis()).setAutoRangeIncludesZero(true);
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
    Files.write(png, ChartPng.of(chart, 900, 520));
  }

  private static void add(Map<String, XYSeries> series, String name, double x, double y) {
    series.computeIfAbsent(name, n -> new XYSeries(n, true, false)).addOrUpdate(x, y);
  }
}
