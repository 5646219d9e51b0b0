package io.autoencoded.job.train;

/** A checkpoint read back from the store: the model, where training stood, and its URI. */
public record StoredCheckpoint(String uri, ModelState state, TrainPosition position) {}
