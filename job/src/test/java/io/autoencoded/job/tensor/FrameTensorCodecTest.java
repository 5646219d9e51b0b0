package io.autoencoded.job.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FrameTensorCodecTest {
  @Test
  void roundTripIsExactAndLayoutIsNchw() {
    FrameTensorCodec codec = new FrameTensorCodec(2, 3, 3);
    byte[] a = new byte[18];
    byte[] b = new byte[18];
    new Random(1).nextBytes(a);
    new Random(2).nextBytes(b);
    a[0] = 0;
    a[1] = (byte) 255;
    INDArray batch = codec.toBatch(List.of(a, b));
    assertArrayEquals(new long[] {2, 3, 2, 3}, batch.shape());
    // pixel (0,0): R=0 -> -1, G=255 -> +1
    assertEquals(-1f, batch.getFloat(0, 0, 0, 0), 1e-6);
    assertEquals(1f, batch.getFloat(0, 1, 0, 0), 1e-6);
    // pixel (1,2) of frame b, channel 2 is byte index (1*3+2)*3+2
    assertEquals((b[17] & 0xff) * 2f / 255f - 1f, batch.getFloat(1, 2, 1, 2), 1e-6);
    assertArrayEquals(a, codec.toPixels(batch, 0));
    assertArrayEquals(b, codec.toPixels(batch, 1));
  }

  @Test
  void outOfRangeValuesClamp() {
    FrameTensorCodec codec = new FrameTensorCodec(1, 1, 3);
    byte[] out = new byte[3];
    codec.fromChw(new float[] {-3f, 3f, 0f}, 0, out);
    assertEquals(0, out[0] & 0xff);
    assertEquals(255, out[1] & 0xff);
    assertEquals(128, out[2] & 0xff);
  }
}
