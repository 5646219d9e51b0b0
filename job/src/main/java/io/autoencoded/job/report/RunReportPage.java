package io.autoencoded.job.report;

import io.autoencoded.job.train.LossPoint;
import io.autoencoded.job.train.RoundLosses;
import io.autoencoded.job.train.TrainPosition;
import java.util.List;
import java.util.Locale;

/**
 * The training report's HTML: where the run stands, its quality against the mean-frame baseline when an
 * evaluation of it exists, the charts, the sample grid of every epoch, its resumes and rollbacks, and the config it
 * ran with. Pictures are linked relative to the page ({@code report/...}) and evaluations relative to the store
 * root ({@code ../../reconstructions/ID/report/report.html}), so the page works where it lies in the store and in
 * a copy laid out like the store ({@code films --report}).
 *
 * <p>Every number taken from position.json is shown in a cell with {@code data-field} (its path in that JSON) and
 * {@code data-value} (the exact value), so that a reader or a test can check the page against the checkpoint.
 *
 * @param sampleEpochs the epochs (1-based, as in the file names) with a sample grid, in any order
 * @param store        the store root, for the fetch command shown on the page
 */
public record RunReportPage(TrainPosition position, String config, List<Integer> sampleEpochs,
    List<Evaluation> evaluations, String store) {

  public String html() {
    String run = position.runId();
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>autoencoded training: ").append(esc(run))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1000px}"
            + "td,th{padding:2px 10px;text-align:right}th{text-align:left}img{max-width:100%}"
            + "img.grid{image-rendering:pixelated;width:min(100%,720px)}pre{background:#f6f6f6;padding:1em;"
            + "overflow-x:auto}code{background:#f6f6f6}</style></head><body>");
    h.append("<h1>Training run ").append(esc(run)).append("</h1>");
    h.append("<p>films: ").append(esc(String.join(", ", position.films()))).append(" &middot; newest checkpoint ")
        .append(esc(position.checkpointName())).append(", written ").append(esc(String.valueOf(position.createdAt())))
        .append(" &middot; this page is refreshed at every checkpoint</p>");

    h.append("<h2>Where it stands</h2><table>");
    row(h, "epochs done", "epochsDone", position.epochsDone());
    row(h, "rounds done in the next epoch", "roundsDone", position.roundsDone());
    row(h, "averaging rounds (steps)", "step", position.step());
    row(h, "frames seen", "framesSeen", position.framesSeen());
    row(h, "learning rate", "learningRate", position.learningRate());
    row(h, "rollbacks", "rollbacks", position.rollbacks());
    RoundLosses last = position.lastLosses();
    if (last != null) {
      row(h, "last round: L_prior", "lastLosses.prior", last.prior());
      row(h, "last round: L_llike", "lastLosses.llike", last.llike());
      row(h, "last round: L_GAN", "lastLosses.gan", last.gan());
      row(h, "last round: pixel MSE", "lastLosses.pixelMse", last.pixelMse());
      row(h, "last round: decoder updates skipped", "lastLosses.decoderSkipped", last.decoderSkipped());
      row(h, "last round: discriminator updates skipped", "lastLosses.discriminatorSkipped",
          last.discriminatorSkipped());
    }
    h.append("</table>");

    quality(h);

    h.append("<h2>Losses</h2><p>Mean of each round's steps; log scale where a loss is always positive. Grey lines: "
        + "epoch boundaries; red: rollbacks (the round was trained again at a lower learning rate); blue: resumes "
        + "from a checkpoint.</p>");
    img(h, RunReport.LOSSES, "loss curves");
    h.append("<h2>Equilibrium gating</h2><p>The share of steps whose decoder or discriminator update was skipped "
        + "because the discriminator was winning or losing by too much (Larsen et al.'s balancing).</p>");
    img(h, RunReport.SKIP_RATES, "skip rates");
    h.append("<h2>Learning rate and throughput</h2>");
    img(h, RunReport.LEARNING_RATE, "learning rate");
    img(h, RunReport.THROUGHPUT, "frames per second");

    h.append("<h2>Samples per epoch</h2>");
    if (sampleEpochs.isEmpty()) {
      h.append("<p>No sample grid yet: one is drawn at the end of each epoch (<code>train.samples</code> frames).</p>");
    } else {
      h.append("<p>Each row: an original frame | its reconstruction | a prior sample (the decoder's picture of a "
          + "code drawn from N(0, I); the same codes every epoch). Newest first.</p>");
      sampleEpochs.stream().sorted(java.util.Comparator.reverseOrder()).forEach(e -> {
        h.append("<h3>after epoch ").append(e).append("</h3>");
        h.append("<p><img class=\"grid\" src=\"").append(RunReport.FILES).append('/').append(RunReport.samples(e))
            .append("\" alt=\"samples after epoch ").append(e).append("\"></p>");
      });
    }

    events(h);

    h.append("<h2>Configuration</h2><p>The settings this run trained with (also as <a href=\"")
        .append(RunReport.FILES).append('/').append(RunReport.CONFIG).append("\">").append(RunReport.CONFIG)
        .append("</a>):</p><pre>").append(esc(config)).append("</pre>");
    h.append("<p>A copy of this page with its pictures: <code>autoencoded films --report ").append(esc(run))
        .append(" --store ").append(esc(store)).append(" --out DIR</code></p></body></html>\n");
    return h.toString();
  }

  private void quality(StringBuilder h) {
    h.append("<h2>Quality</h2>");
    if (evaluations.isEmpty()) {
      h.append("<p>No evaluation of this run in the store yet: <code>autoencoded evaluate --film-id ")
          .append(esc(position.films().isEmpty() ? "ID" : position.films().get(0))).append(" --model ")
          .append(esc(position.runId())).append("</code> measures PSNR, SSIM and sharpness against the film's mean "
              + "frame and adds them here.</p>");
      return;
    }
    h.append("<p>From the newest evaluation of each film with a checkpoint of this run. The mean frame (the per-pixel "
        + "mean of the film) is the baseline a model must beat. Sharpness ratio: the reconstructions' Laplacian "
        + "energy over the originals' (&lt; 1 blur, &gt; 1 noise).</p>");
    h.append("<table><tr><th>film</th><th>checkpoint</th><th>frames</th><th>PSNR (dB)</th><th>mean frame PSNR</th>"
        + "<th>margin</th><th>SSIM</th><th>mean frame SSIM</th><th>sharpness ratio</th><th></th></tr>");
    for (Evaluation e : evaluations) {
      String f = "evaluation." + e.filmId() + ".";
      h.append("<tr><th>").append(esc(e.filmId())).append("</th><td>").append(esc(checkpointName(e.model())))
          .append("</td>");
      cell(h, f + "frames", e.frames());
      cell(h, f + "psnr", e.psnr());
      cell(h, f + "meanFramePsnr", e.meanFramePsnr());
      h.append("<td>").append(e.psnrMargin() == null ? "&ndash;"
          : String.format(Locale.ROOT, "%+.2f dB", e.psnrMargin())).append("</td>");
      cell(h, f + "ssim", e.ssim());
      cell(h, f + "meanFrameSsim", e.meanFrameSsim());
      cell(h, f + "sharpnessRatio", e.sharpnessRatio());
      h.append("<td><a href=\"../../reconstructions/").append(esc(e.filmId()))
          .append("/report/report.html\">full report</a></td></tr>");
    }
    h.append("</table>");
  }

  private void events(StringBuilder h) {
    h.append("<h2>Resumes and rollbacks</h2>");
    StringBuilder rows = new StringBuilder();
    int before = 0;
    for (LossPoint p : position.history()) {
      if (p.resumed()) {
        rows.append(eventRow("resumed from a checkpoint", p));
      }
      if (p.rollbacks() > before) {
        rows.append(eventRow((p.rollbacks() - before) + " rollback" + (p.rollbacks() - before > 1 ? "s" : "")
            + " before this round", p));
      }
      before = p.rollbacks();
    }
    if (rows.length() == 0) {
      h.append("<p>None: the run trained straight through.</p>");
    } else {
      h.append("<table><tr><th>event</th><th>epoch</th><th>round</th><th>frames seen</th><th>learning rate</th></tr>")
          .append(rows).append("</table>");
    }
  }

  private static String eventRow(String what, LossPoint p) {
    return String.format(Locale.ROOT, "<tr><th>%s</th><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>", what,
        p.epoch() + 1, p.round(), p.framesSeen(), p.learningRate() > 0 ? number(p.learningRate()) : "&ndash;");
  }

  private static void img(StringBuilder h, String file, String alt) {
    h.append("<p><img src=\"").append(RunReport.FILES).append('/').append(file).append("\" alt=\"").append(alt)
        .append("\"></p>");
  }

  private static void row(StringBuilder h, String label, String field, Object value) {
    h.append("<tr><th>").append(label).append("</th>");
    cell(h, field, value);
    h.append("</tr>");
  }

  private static void cell(StringBuilder h, String field, Object value) {
    if (value == null) {
      h.append("<td data-field=\"").append(esc(field)).append("\">&ndash;</td>");
      return;
    }
    String shown = value instanceof Double d ? number(d) : value.toString();
    h.append("<td data-field=\"").append(esc(field)).append("\" data-value=\"").append(value).append("\">")
        .append(shown).append("</td>");
  }

  /** Four significant digits: enough to read a trend, and the exact value is in data-value. */
  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : Double.toString(v);
  }

  private static String checkpointName(String model) {
    String[] parts = model.split("/");
    return parts.length >= 2 && parts[parts.length - 1].equals("checkpoint.bin") ? parts[parts.length - 2]
        : parts[parts.length - 1];
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
