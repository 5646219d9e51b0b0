package io.autoencoded.reconstruct;

import io.autoencoded.reconstruct.model.ModelLoader;
import io.autoencoded.reconstruct.model.VaeGanCheckpointLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to run a reconstruction.
 *
 * @param model       {@code --model}: a checkpoint file, a run directory or a run name; empty = the latest model
 * @param out         where the muxed video goes; empty = no video (evaluate)
 * @param sideBySide  original (left) | reconstruction (right)
 * @param audio       mux the film's stored soundtrack when it has one
 * @param latents     write the latents to STORE/latents/film_id=ID
 * @param loader      reads a checkpoint into a model (the VAE-GAN's checkpoint format by default)
 * @param console     progress and summary lines
 * @param smoothing   {@code --smooth K}: overrides {@code reconstruct.smoothing} when present
 * @param evaluate    measure every frame (PSNR, SSIM, sharpness, flicker) and write the quality report; off
 *                    ({@code --no-evaluation}), a video is only reconstructed, about twice as fast
 */
public record ReconstructOptions(Optional<String> model, Optional<Path> out, boolean sideBySide, boolean audio,
    boolean latents, ModelLoader loader, PrintStream console, OptionalInt smoothing, boolean evaluate) {

  /** A video at {@code out} with the soundtrack, the latents written, the default checkpoint format. */
  public static ReconstructOptions video(Optional<String> model, Path out) {
    return new ReconstructOptions(model, Optional.of(out), false, true, true, new VaeGanCheckpointLoader(),
        System.out, OptionalInt.empty(), true);
  }

  /** Quality only: no video, no latents. */
  public static ReconstructOptions evaluation(Optional<String> model) {
    return new ReconstructOptions(model, Optional.empty(), false, false, false, new VaeGanCheckpointLoader(),
        System.out, OptionalInt.empty(), true);
  }

  public ReconstructOptions withSideBySide(boolean on) {
    return new ReconstructOptions(model, out, on, audio, latents, loader, console, smoothing, evaluate);
  }

  public ReconstructOptions withAudio(boolean on) {
    return new ReconstructOptions(model, out, sideBySide, on, latents, loader, console, smoothing, evaluate);
  }

  public ReconstructOptions withLoader(ModelLoader l) {
    return new ReconstructOptions(model, out, sideBySide, audio, latents, l, console, smoothing, evaluate);
  }

  public ReconstructOptions withConsole(PrintStream c) {
    return new ReconstructOptions(model, out, sideBySide, audio, latents, loader, c, smoothing, evaluate);
  }

  /** Without evaluation only a video can be asked for: see {@link #evaluate}. */
  public ReconstructOptions withEvaluation(boolean on) {
    if (!on && out.isEmpty()) {
      throw new IllegalArgumentException("a run without evaluation must write a video");
    }
    return new ReconstructOptions(model, out, sideBySide, audio, latents, loader, console, smoothing, on);
  }

  public ReconstructOptions withSmoothing(OptionalInt k) {
    return new ReconstructOptions(model, out, sideBySide, audio, latents, loader, console, k, evaluate);
  }
}
