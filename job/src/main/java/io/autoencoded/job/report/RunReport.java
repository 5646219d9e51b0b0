package io.autoencoded.job.report;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.store.StoreFileSystem;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.train.CheckpointStore;
import io.autoencoded.job.train.LossPoint;
import io.autoencoded.job.train.TrainPosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A training run's report in the store: {@code models/RUN/report.html} and, beside it, {@code models/RUN/report/}
 * with the charts, every epoch's sample grid and the config. Training publishes it at every checkpoint; evaluate
 * refreshes it when it measures one of the run's checkpoints; {@code films --report} copies it out.
 *
 * <p>Each file is written under a hidden temporary name and renamed into place, the page last, so that a reader
 * (or a crash) never meets half a picture; the page is a function of what the store holds (the newest
 * position.json, the pictures present, the evaluations of the run), so any writer can redraw it.
 */
public final class RunReport {
  public static final String FILES = "report";
  public static final String LOSSES = "losses.png";
  public static final String SKIP_RATES = "skip-rates.png";
  public static final String LEARNING_RATE = "learning-rate.png";
  public static final String THROUGHPUT = "throughput.png";
  public static final String CONFIG = "config.conf";
  public static final int CHART_WIDTH = 900;

  private static final long ABANDONED_AFTER_MS = 10 * 60 * 1000;
  private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SAMPLES = Pattern.compile("samples-epoch-(\\d+)\\.png");

  private final FileSystem fs;
  private final StoreLayout layout;
  private final PrintStream log;

  public RunReport(FileSystem fs, StoreLayout layout, PrintStream log) {
    this.fs = fs;
    this.layout = layout;
    this.log = log;
  }

  /** Where a run's page is (a qualified URI), for the logs and listings that point people at it. */
  public String address(String run) {
    return fs.makeQualified(layout.runReport(run)).toString();
  }

  /** The file name of the sample grid drawn after {@code epoch} (1-based) epochs. */
  public static String samples(int epoch) {
    return String.format("samples-epoch-%04d.png", epoch);
  }

  /**
   * Training's refresh after a checkpoint: the charts from the position's history, the config, the epoch's
   * sample grid when one was drawn ({@code samples} null otherwise), then the page. Never throws: a report that
   * cannot be drawn or written (a chart library failure, an evaluate redrawing the same page at the same moment) is
   * said on the log and leaves the previous page, as it is not worth stopping a training run for; a store that is
   * really gone fails the next checkpoint anyway.
   */
  public void publish(TrainPosition position, String config, byte[] samples) {
    try {
      write(position, config, samples);
    } catch (IOException | RuntimeException e) {
      log.println("warning: the training report of " + position.runId() + " was not refreshed (" + e + ")");
    }
  }

  private void write(TrainPosition position, String config, byte[] samples) throws IOException {
    String run = position.runId();
    Path files = layout.runReportFiles(run);
    Map<String, byte[]> charts = charts(position.history());
    fs.mkdirs(files);
    removeAbandoned(run);
    for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
      put(new Path(files, chart.getKey()), chart.getValue());
    }
    String shown = readable(config);
    put(new Path(files, CONFIG), shown.getBytes(StandardCharsets.UTF_8));
    if (samples != null && position.roundsDone() == 0) {
      put(new Path(files, samples(position.epochsDone())), samples);
    }
    writePage(position, shown);
  }

  /** The page's charts (file name -> PNG) drawn from a run's history. */
  public static Map<String, byte[]> charts(List<LossPoint> history) {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    charts.put(LOSSES, ChartPng.of(RunCharts.losses(history), CHART_WIDTH, RunCharts.LOSSES_HEIGHT));
    charts.put(SKIP_RATES, ChartPng.of(RunCharts.skipRates(history), CHART_WIDTH, RunCharts.PANEL_HEIGHT));
    charts.put(LEARNING_RATE, ChartPng.of(RunCharts.learningRate(history), CHART_WIDTH, RunCharts.PANEL_HEIGHT));
    charts.put(THROUGHPUT, ChartPng.of(RunCharts.throughput(history), CHART_WIDTH, RunCharts.PANEL_HEIGHT));
    return charts;
  }

  /** The job's one-line config as HOCON a person reads: one key per line, nested, without origin comments. */
  private static String readable(String config) {
    try {
      return ConfigFactory.parseString(config).root().render(ConfigRenderOptions.defaults().setOriginComments(false)
          .setJson(false));
    } catch (ConfigException e) {
      return config; // not HOCON (a caller's own text): shown as given
    }
  }

  /**
   * Redraws the page of a run from what the store holds (after an evaluation of it); empty when the run has no
   * report (trained before reports existed, or not by this project's train command).
   */
  public Optional<String> refresh(String run) throws IOException {
    Path config = new Path(layout.runReportFiles(run), CONFIG);
    Optional<TrainPosition> position = new CheckpointStore(layout, fs.getConf()).newestPosition(run);
    if (position.isEmpty() || !fs.exists(config)) {
      return Optional.empty();
    }
    String text;
    try (InputStream in = fs.open(config)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    writePage(position.get(), text);
    return Optional.of(address(run));
  }

  /**
   * Copies a run's report out of the store into {@code out}, laid out as in the store
   * ({@code out/models/RUN/report.html}, its pictures, and the quality reports it links under
   * {@code out/reconstructions/ID/report/}) so that every relative link keeps working; returns the page's copy.
   */
  public java.nio.file.Path copy(String run, java.nio.file.Path out) throws IOException {
    if (!RUN_NAME.matcher(run).matches()) {
      throw new UserException("'" + run + "' is not a run name (such as run-0123456789ab): list the runs with "
          + "autoencoded films.");
    }
    Path page = layout.runReport(run);
    if (!fs.exists(layout.model(run))) {
      throw new UserException("There is no training run '" + run + "' in " + layout.root()
          + ": list the runs with autoencoded films.");
    }
    if (!fs.exists(page)) {
      throw new UserException("The run '" + run + "' has no report (it was trained before training reports "
          + "existed): train it again with the same settings and one more epoch to write one.");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserException("--out " + out + " is a file: name a directory to copy the report into.");
    }
    java.nio.file.Path runDir = out.resolve("models").resolve(run);
    copyFile(page, runDir.resolve(page.getName()));
    Path files = layout.runReportFiles(run);
    if (fs.exists(files)) {
      for (FileStatus f : fs.listStatus(files)) {
        if (f.isFile() && !f.getPath().getName().startsWith(".")) {
          copyFile(f.getPath(), runDir.resolve(FILES).resolve(f.getPath().getName()));
        }
      }
    }
    for (Evaluation e : evaluations(run)) {
      Path report = layout.qualityReport(e.filmId());
      for (FileStatus f : fs.listStatus(report)) {
        if (f.isFile() && !f.getPath().getName().startsWith(".")) {
          copyFile(f.getPath(), out.resolve("reconstructions").resolve(e.filmId()).resolve("report")
              .resolve(f.getPath().getName()));
        }
      }
    }
    return runDir.resolve(page.getName());
  }

  /**
   * The training run a checkpoint belongs to when it lies in this store's {@code models/RUN/CHECKPOINT/}; empty
   * for a model from elsewhere.
   */
  public Optional<String> runOf(Path checkpoint) {
    Path qualified = fs.makeQualified(checkpoint);
    Path dir = qualified.getName().equals(CheckpointStore.MODEL_FILE) ? qualified.getParent() : qualified;
    Path runDir = dir == null ? null : dir.getParent();
    if (runDir == null || runDir.getParent() == null
        || !runDir.getParent().equals(fs.makeQualified(layout.models()))) {
      return Optional.empty();
    }
    return Optional.of(runDir.getName());
  }

  /** The run whose checkpoint the film's newest quality report measured, if it was one of this store's runs. */
  public Optional<String> runEvaluatedIn(String filmId) {
    Path json = new Path(layout.qualityReport(filmId), Evaluation.FILE);
    try (InputStream in = fs.open(json)) {
      return Optional.ofNullable(Evaluation.read(in).run());
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // none yet, or written before quality.json existed: no page shows it
    }
  }

  /** The newest evaluation of each film, where it measured a checkpoint of {@code run}. */
  List<Evaluation> evaluations(String run) throws IOException {
    List<Evaluation> found = new ArrayList<>();
    if (!fs.exists(layout.reconstructions())) {
      return found;
    }
    for (FileStatus film : fs.listStatus(layout.reconstructions())) {
      String name = film.getPath().getName();
      if (!film.isDirectory() || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      Path json = new Path(layout.qualityReport(name), Evaluation.FILE);
      if (fs.exists(json)) {
        try (InputStream in = fs.open(json)) {
          Evaluation e = Evaluation.read(in);
          if (run.equals(e.run()) && name.equals(e.filmId())) {
            found.add(e);
          }
        } catch (IOException | RuntimeException e) {
          log.println("warning: " + json + " cannot be read (" + e.getMessage() + "): the training report leaves "
              + "it out");
        }
      }
    }
    found.sort(java.util.Comparator.comparing(Evaluation::filmId));
    return found;
  }

  private void writePage(TrainPosition position, String config) throws IOException {
    String run = position.runId();
    List<Integer> epochs = new ArrayList<>();
    Path files = layout.runReportFiles(run);
    if (fs.exists(files)) {
      for (FileStatus f : fs.listStatus(files)) {
        Matcher m = SAMPLES.matcher(f.getPath().getName());
        if (m.matches()) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    String html = new RunReportPage(position, config, epochs, evaluations(run), layout.root()).html();
    put(layout.runReport(run), html.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Temporaries that a killed writer left beside the pictures (SIGKILL runs no cleanup). Only old ones: a young one
   * may be an evaluate's, being written now.
   */
  private void removeAbandoned(String run) throws IOException {
    long before = System.currentTimeMillis() - ABANDONED_AFTER_MS;
    String page = "." + layout.runReport(run).getName() + ".";
    for (Path dir : List.of(layout.runReportFiles(run), layout.model(run))) {
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        boolean ours = dir.equals(layout.model(run)) ? name.startsWith(page) : name.startsWith(".");
        // put's temporaries (.NAME.UUID.tmp) and StoreFileSystem.replace's old copies (.NAME.old-UUID)
        if (ours && f.isFile() && (name.endsWith(".tmp") || name.contains(".old-"))
            && f.getModificationTime() < before) {
          fs.delete(f.getPath(), false);
        }
      }
    }
  }

  private void put(Path target, byte[] bytes) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(bytes);
    }
    StoreFileSystem.replace(fs, tmp, target);
  }

  private void copyFile(Path from, java.nio.file.Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in = fs.open(from)) {
      Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
