package io.autoencoded.reconstruct.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, real, deterministic autoencoder for tests that must not wait for the trained VAE-GAN: the latent
 * code is the mean of every 16x16 block per channel ((h/16)(w/16)3 numbers), decoding paints each block
 * with its mean. Its checkpoint is the text "BLOCKAVG height width".
 */
public final class BlockAverageModel implements ReconstructionModel {
  static final int BLOCK = 16;
  private final int height;
  private final int width;

  public BlockAverageModel(int height, int width) {
    this.height = height;
    this.width = width;
  }

  public static byte[] checkpoint(int height, int width) {
    return ("BLOCKAVG " + height + " " + width).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads {@link #checkpoint} bytes; anything else is a corrupt checkpoint. */
  public static final ModelLoader LOADER = bytes -> {
    String[] parts = new String(bytes, StandardCharsets.UTF_8).trim().split(" ");
    if (parts.length != 3 || !parts[0].equals("BLOCKAVG")) {
      throw new IOException("not a block-average checkpoint");
    }
    return new BlockAverageModel(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
  };

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public INDArray encode(INDArray frames) {
    int n = (int) frames.size(0);
    float[] in = frames.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int bh = height / BLOCK;
    int bw = width / BLOCK;
    float[] out = new float[n * 3 * bh * bw];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            out[((i * 3 + c) * bh + y / BLOCK) * bw + x / BLOCK] += in[((i * 3 + c) * height + y) * width + x];
          }
        }
      }
    }
    for (int k = 0; k < out.length; k++) {
      out[k] /= BLOCK * BLOCK;
    }
    return Nd4j.create(out, new long[] {n, 3L * bh * bw}, 'c');
  }

  @Override
  public INDArray decode(INDArray latents) {
    int n = (int) latents.size(0);
    float[] in = latents.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int bh = height / BLOCK;
    int bw = width / BLOCK;
    float[] out = new float[n * 3 * height * width];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            out[((i * 3 + c) * height + y) * width + x] = in[((i * 3 + c) * bh + y / BLOCK) * bw + x / BLOCK];
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {n, 3, height, width}, 'c');
  }
}
