package io.autoencoded.reconstruct;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A video decoded from a path through latent space (a walk, a dream): where it is, its frames, rate and size, the
 * model that decoded it and, for a dream, the seed that makes it again.
 */
public record LatentVideo(Path out, long frames, int frameRateNum, int frameRateDen, int width, int height,
    String model, Long seed, double seconds) {

  /** One JSON line, the command's last. */
  public String json() {
    return String.format(Locale.ROOT, "{\"out\":\"%s\",\"frames\":%d,\"fps\":%.6g,\"frame_rate\":\"%d/%d\","
            + "\"width\":%d,\"height\":%d,\"model\":\"%s\"%s,\"job_s\":%.3f}", esc(out.toString()), frames,
        (double) frameRateNum / frameRateDen, frameRateNum, frameRateDen, width, height, esc(model),
        seed == null ? "" : ",\"seed\":" + seed, seconds);
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
