package io.autoencoded.reconstruct.shots;

import java.io.Serializable;

/**
 * How much the picture changes from frame {@code frameIndex - 1} to frame {@code frameIndex}, and how much of that
 * change lasts.
 *
 * @param change    the {@link FrameThumbnail} distance of the two frames
 * @param lasting   the smaller of the distances across the pair, frame t-1 to t+1 and t-2 to t (the change itself
 *                  at the film's ends): a cut leaves both as large as the change, a flash or one bad frame makes
 *                  one of them small, because the picture before and after it is the same
 */
public record FrameChange(long frameIndex, double change, double lasting) implements Serializable {}
