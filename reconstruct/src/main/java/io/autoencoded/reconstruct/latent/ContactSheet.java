package io.autoencoded.reconstruct.latent;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A nearest-neighbour search as one PNG: a column per frame, the query first (framed), then its neighbours nearest
 * first; the stored frame above, the model's reconstruction below; each column labelled with its film, frame and
 * distance. Small frames are scaled up (to at least {@value #MIN_CELL_HEIGHT} pixels high) so that the labels and the
 * pictures are readable together. Drawn with Java2D, written with ImageIO: no library beyond the JDK.
 */
public final class ContactSheet {
  static final int MIN_CELL_HEIGHT = 96;
  private static final int GAP = 6;
  private static final int ROW_LABEL = 120;
  private static final Color QUERY = new Color(0xd62728);

  /**
   * One column: what it shows and its pictures (uint8 RGB, row-major height x width x 3); a reconstruction may be
   * missing (a film stored at another size than the model's).
   */
  public record Entry(String title, String detail, byte[] original, Optional<byte[]> reconstruction, int height,
      int width) {}

  private ContactSheet() {}

  /** Draws the sheet (the query is {@code entries.get(0)}) and writes it as a PNG at {@code file}, replacing it. */
  public static void write(List<Entry> entries, Path file) throws IOException {
    BufferedImage sheet = draw(entries);
    Path target = file.toAbsolutePath().normalize();
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (!ImageIO.write(sheet, "png", out)) {
          throw new IOException("no PNG writer in this JDK");
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static BufferedImage draw(List<Entry> entries) {
    int frameHeight = entries.get(0).height();
    int frameWidth = entries.get(0).width();
    int scale = Math.max(1, (MIN_CELL_HEIGHT + frameHeight - 1) / frameHeight);
    int cellW = frameWidth * scale;
    int cellH = frameHeight * scale;
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    Font bold = font.deriveFont(Font.BOLD);
    int labelH = 34;
    int width = ROW_LABEL + entries.size() * (cellW + GAP) + GAP;
    int height = GAP + labelH + 2 * (cellH + GAP);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.DARK_GRAY);
      g.setFont(bold);
      int top = GAP + labelH;
      g.drawString("original", GAP, top + cellH / 2);
      g.drawString("reconstruction", GAP, top + cellH + GAP + cellH / 2);
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        int x = ROW_LABEL + i * (cellW + GAP);
        g.setColor(i == 0 ? QUERY : Color.BLACK);
        g.setFont(bold);
        g.drawString(fit(g.getFontMetrics(), e.title(), cellW), x, GAP + 13);
        g.setFont(font);
        g.drawString(fit(g.getFontMetrics(), e.detail(), cellW), x, GAP + 28);
        g.drawImage(image(e.original(), e.height(), e.width()), x, top, cellW, cellH, null);
        if (e.reconstruction().isPresent()) {
          g.drawImage(image(e.reconstruction().get(), e.height(), e.width()), x, top + cellH + GAP, cellW, cellH, null);
        } else {
          g.setColor(Color.LIGHT_GRAY);
          g.fillRect(x, top + cellH + GAP, cellW, cellH);
          g.setColor(Color.DARK_GRAY);
          g.drawString(fit(g.getFontMetrics(), "other size than the model", cellW - 8), x + 4,
              top + cellH + GAP + cellH / 2);
        }
        if (i == 0) {
          g.setColor(QUERY);
          g.setStroke(new BasicStroke(3));
          g.drawRect(x - 2, top - 2, cellW + 3, 2 * cellH + GAP + 3);
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The label, cut with an ellipsis to fit {@code width} pixels. */
  private static String fit(FontMetrics metrics, String text, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private static BufferedImage image(byte[] rgb, int height, int width) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0, i = 0; y < height; y++) {
      for (int x = 0; x < width; x++, i += 3) {
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    return img;
  }

  /** "d = 1.23" for a column's detail line. */
  public static String distance(double d) {
    return String.format(Locale.ROOT, "d = %.3g", d);
  }
}
