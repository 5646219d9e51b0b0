package io.autoencoded.reconstruct.temporal;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Dense optical flow between two grey frames of one size, by OpenCV's Farnebäck method (through JavaCV's presets),
 * with the parameters of OpenCV's own example: pyramid scale 0.5, 3 levels, a 15-pixel window, 3 iterations,
 * polynomial neighbourhood 5 with sigma 1.2. Not thread-safe: one per task thread.
 *
 * <p>Why Farnebäck: it is dense (every pixel gets a vector, which warping needs), needs no model weights, and runs in
 * about 2 ms per direction at 112x64 and 7 ms at 256x144 on one core (the model takes about 100 ms a frame at full
 * size); learned flows (FlowNet2, which Lai et al. used) are more accurate at motion boundaries but are not in this
 * stack.
 */
public final class OpticalFlow implements AutoCloseable {
  static {
    // the tasks already run in parallel and the model thread needs the executor's cores: no thread pool of its own
    opencv_core.setNumThreads(1);
  }

  private final int height;
  private final int width;
  private final Mat from;
  private final Mat to;
  private final Mat flow;

  public OpticalFlow(int height, int width) {
    this.height = height;
    this.width = width;
    this.from = new Mat(height, width, CV_8UC1);
    this.to = new Mat(height, width, CV_8UC1);
    this.flow = new Mat(height, width, CV_32FC2);
  }

  /**
   * The flow from frame {@code a} to frame {@code b} (grey, row-major height x width): for each pixel p of a, the
   * displacement d with a(p) ≈ b(p + d), as {@code [dx, dy]} pairs in row-major order.
   */
  public float[] between(byte[] a, byte[] b) {
    if (a.length != height * width || b.length != a.length) {
      throw new IllegalArgumentException("frames are not both " + height + "x" + width + " grey");
    }
    from.data().put(a);
    to.data().put(b);
    opencv_video.calcOpticalFlowFarneback(from, to, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
    float[] d = new float[height * width * 2];
    FloatBuffer buffer = flow.createBuffer();
    buffer.get(d);
    return d;
  }

  @Override
  public void close() {
    from.close();
    to.close();
    flow.close();
  }
}
