package io.autoencoded.job.tensor;

import io.autoencoded.job.model.NativeVariant;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts stored frames (uint8 RGB, row-major height x width x channels) to the model's input (float NCHW in
 * [-1, 1]) and back. The inverse rounds to the nearest byte and clamps, so decode(encode(x)) == x.
 */
public final class FrameTensorCodec {
  static {
    // the first ND4J use in a JVM may come through here: choose the native build before it loads
    NativeVariant.select();
  }

  private final int height;
  private final int width;
  private final int channels;

  public FrameTensorCodec(int height, int width, int channels) {
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  public int frameBytes() {
    return height * width * channels;
  }

  /** Writes frame {@code pixels} into {@code out} (length channels*height*width, CHW order) as [-1, 1] floats. */
  public void toChw(byte[] pixels, float[] out, int offset) {
    if (pixels.length != frameBytes()) {
      throw new IllegalArgumentException("frame has " + pixels.length + " bytes, expected " + frameBytes());
    }
    int plane = height * width;
    for (int p = 0, i = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++, i++) {
        out[offset + c * plane + p] = (pixels[i] & 0xff) * (2f / 255f) - 1f;
      }
    }
  }

  /** A batch [n, channels, height, width] from n frames. */
  public INDArray toBatch(java.util.List<byte[]> frames) {
    int n = frames.size();
    int size = frameBytes();
    float[] data = new float[n * size];
    for (int i = 0; i < n; i++) {
      toChw(frames.get(i), data, i * size);
    }
    return Nd4j.create(data, new long[] {n, channels, height, width}, DataType.FLOAT);
  }

  /** Frame {@code index} of a [n, channels, height, width] batch as uint8 HWC bytes. */
  public byte[] toPixels(INDArray batch, int index) {
    INDArray one = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).castTo(DataType.FLOAT).dup('c');
    float[] chw = one.data().asFloat();
    byte[] out = new byte[frameBytes()];
    fromChw(chw, 0, out);
    return out;
  }

  public void fromChw(float[] chw, int offset, byte[] out) {
    int plane = height * width;
    for (int p = 0, i = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++, i++) {
        float v = (chw[offset + c * plane + p] + 1f) * 127.5f;
        int b = Math.round(v);
        out[i] = (byte) (b < 0 ? 0 : Math.min(b, 255));
      }
    }
  }
}
