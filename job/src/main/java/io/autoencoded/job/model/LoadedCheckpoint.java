package io.autoencoded.job.model;

/** A model read back from a checkpoint, with the training position it was saved at. */
public record LoadedCheckpoint(VaeGan model, TrainingPosition position) {}
