package io.autoencoded.reconstruct.temporal;

import java.io.Serializable;

/**
 * The warping error of one pair of consecutive frames (t-1, t) of one shot, for the reconstruction and for the
 * original frames (see {@link WarpingError}).
 *
 * @param frameIndex      t
 * @param reconstruction  mean squared difference (pixels in [0, 1], mean over RGB) between reconstruction t and
 *                        reconstruction t-1 warped to t, over the non-occluded pixels
 * @param original        the same for the original frames
 * @param validFraction   the share of the frame's pixels that are not occluded (NaN errors when it is 0)
 */
public record PairFlicker(long frameIndex, double reconstruction, double original, double validFraction)
    implements Serializable {}
