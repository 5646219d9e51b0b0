package io.autoencoded.job.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The loss curves of a run as a PNG: one panel per loss (they differ by orders of magnitude), x = frames seen,
 * epoch boundaries marked. Java2D only.
 */
public final class LossCurvePlot {
  private static final int WIDTH = 900;
  private static final int PANEL = 170;
  private static final int MARGIN = 50;

  private LossCurvePlot() {}

  public static byte[] png(List<LossPoint> history) {
    List<Panel> panels = List.of(
        new Panel("L_prior (KL)", LossPoint::prior, new Color(0x1f77b4)),
        new Panel("L_llike (learned similarity)", LossPoint::llike, new Color(0xd62728)),
        new Panel("L_GAN (discriminator BCE)", LossPoint::gan, new Color(0x2ca02c)),
        new Panel("pixel MSE", LossPoint::pixelMse, new Color(0x9467bd)));
    int height = panels.size() * (PANEL + 30) + 30;
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    long maxFrames = history.isEmpty() ? 1 : Math.max(1, history.get(history.size() - 1).framesSeen());
    for (int p = 0; p < panels.size(); p++) {
      Panel panel = panels.get(p);
      int top = 30 + p * (PANEL + 30);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (LossPoint pt : history) {
        double v = panel.value.applyAsDouble(pt);
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
      }
      if (hi - lo < 1e-12) {
        hi = lo + 1e-12;
      }
      g.setColor(Color.BLACK);
      g.drawString(String.format("%s   [%.4g .. %.4g]", panel.title, lo, hi), MARGIN, top - 8);
      g.setColor(new Color(0xdddddd));
      g.drawRect(MARGIN, top, WIDTH - 2 * MARGIN, PANEL);
      int lastEpoch = -1;
      for (LossPoint pt : history) {
        if (pt.epoch() != lastEpoch && lastEpoch >= 0) {
          int x = xOf(pt.framesSeen(), maxFrames);
          g.drawLine(x, top, x, top + PANEL);
        }
        lastEpoch = pt.epoch();
      }
      g.setColor(panel.color);
      g.setStroke(new BasicStroke(1.5f));
      int px = -1;
      int py = -1;
      for (LossPoint pt : history) {
        double v = panel.value.applyAsDouble(pt);
        if (!Double.isFinite(v)) {
          px = -1;
          continue;
        }
        int x = xOf(pt.framesSeen(), maxFrames);
        int y = top + PANEL - (int) Math.round((v - lo) / (hi - lo) * PANEL);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        } else {
          g.fillOval(x - 1, y - 1, 3, 3);
        }
        px = x;
        py = y;
      }
    }
    g.setColor(Color.BLACK);
    g.drawString("frames seen: " + maxFrames, MARGIN, height - 8);
    g.dispose();
    return encode(img);
  }

  private static int xOf(long frames, long maxFrames) {
    return MARGIN + (int) Math.round((double) frames / maxFrames * (WIDTH - 2 * MARGIN));
  }

  static byte[] encode(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Panel(String title, ToDoubleFunction<LossPoint> value, Color color) {}
}
