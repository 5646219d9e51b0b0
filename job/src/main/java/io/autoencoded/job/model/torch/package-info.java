/**
 * The second compute engine: the same VAE-GAN as {@link io.autoencoded.job.model.VaeGan}, on libtorch through DJL,
 * for GPUs ND4J's CUDA build has no code for (Hopper and later). Same {@link io.autoencoded.job.model.ModelSpec},
 * same flat parameter and optimizer-state vectors in VaeGan's layout ({@link TorchBlock} mirrors its parameter
 * blocks slot for slot), so checkpoints and parameter averaging do not know which engine trained a model; the
 * forward passes are written out like VaeGan's, the three routes' gradients come from libtorch's autograd.
 */
package io.autoencoded.job.model.torch;
