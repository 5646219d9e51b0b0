package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/** The resolution frames are stored and trained at, and how a film of another aspect is fitted to it. */
public record FrameSettings(int height, int width, Fit fit) implements Serializable {
  public enum Fit { CROP, LETTERBOX }

  public static final int CHANNELS = 3;

  static FrameSettings from(Config config) {
    ConfigReader r = new ConfigReader(config);
    int height = r.multipleOf16("frames.height", 4096);
    int width = r.multipleOf16("frames.width", 4096);
    Fit fit = Fit.valueOf(r.oneOf("frames.fit", "crop", "letterbox").toUpperCase(java.util.Locale.ROOT));
    return new FrameSettings(height, width, fit);
  }

  public int bytesPerFrame() {
    return height * width * CHANNELS;
  }
}
