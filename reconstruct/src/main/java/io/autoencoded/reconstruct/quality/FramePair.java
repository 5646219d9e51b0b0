package io.autoencoded.reconstruct.quality;

import java.io.Serializable;

/** A frame and its reconstruction (uint8 RGB HWC), kept for the report's worst-frames strip. */
public record FramePair(FrameQuality quality, byte[] original, byte[] reconstruction) implements Serializable {}
