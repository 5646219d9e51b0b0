package io.autoencoded.job.train;

import java.io.Serializable;

/** What one replica hands back after its share of a round. */
public record ReplicaResult(float[] parameters, float[] updaterState, long iteration, LossTotals losses,
    long frames, long computeNanos) implements Serializable {}
