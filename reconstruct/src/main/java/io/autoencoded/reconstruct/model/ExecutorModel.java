package io.autoencoded.reconstruct.model;

import io.autoencoded.job.spark.TaskThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A reconstruct job's model, loaded once per executor JVM and run by one model thread there, to which the
 * executor's concurrent tasks hand their batches in turn ({@link #run}); the thread computes with all the
 * executor's cores.
 *
 * <p>Why: two concurrent tasks each running their own full-size model on one core apiece reached only 50–70 % of
 * one model on both cores (twice the weights and activations competing for the caches and memory bandwidth),
 * every task held its own copy of the weights, and every task thread learned (allocated) its own multi-GB ND4J
 * workspace. One thread keeps one model, one workspace and one OpenMP thread team busy, while the tasks read
 * frames, measure quality and encode video between their turns.
 */
public final class ExecutorModel {
  /** Loads the model when this executor has none for the job yet. */
  @FunctionalInterface
  public interface Load {
    ReconstructionModel load() throws IOException;
  }

  private static final ExecutorService MODEL_THREAD = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "autoencoded-model");
    t.setDaemon(true);
    return t;
  });

  // touched by the model thread only
  private static String loadedKey;
  private static BatchReconstructor loaded;

  private ExecutorModel() {}

  /**
   * Encodes and decodes one batch with the model of {@code key} (unique per job and application), loading it
   * on first use in this JVM (a model of an earlier job is dropped first). {@code threads} &gt; 0 sets the model
   * thread's native threads.
   */
  public static BatchReconstructor.Output run(String key, Load load, int threads, List<byte[]> frames)
      throws IOException {
    return call(key, load, threads, model -> model.run(frames));
  }

  /** The latent means of one batch ({@link BatchReconstructor#encode}), as {@link #run} runs a batch. */
  public static float[] encode(String key, Load load, int threads, List<byte[]> frames) throws IOException {
    return call(key, load, threads, model -> model.encode(frames));
  }

  /** Frames decoded from {@code n} codes ({@link BatchReconstructor#decode}), as {@link #run} runs a batch. */
  public static float[] decode(String key, Load load, int threads, float[] latents, int n) throws IOException {
    return call(key, load, threads, model -> model.decode(latents, n));
  }

  private static <T> T call(String key, Load load, int threads, java.util.function.Function<BatchReconstructor, T> work)
      throws IOException {
    return await(MODEL_THREAD.submit(() -> {
      if (!key.equals(loadedKey)) {
        drop();
        loaded = new BatchReconstructor(load.load());
        loadedKey = key;
      }
      if (threads > 0) {
        TaskThreads.set(threads);
      }
      return work.apply(loaded);
    }));
  }

  /** Drops the model of {@code key} and its workspace if they are held (the driver, at the end of a local job). */
  public static void release(String key) {
    try {
      await(MODEL_THREAD.submit(() -> {
        if (key.equals(loadedKey)) {
          drop();
        }
        return null;
      }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drop() {
    if (loaded != null) {
      loaded.close(); // the workspace belongs to the model thread: closed here, on it
    }
    loaded = null;
    loadedKey = null;
  }

  private static <T> T await(Future<T> result) throws IOException {
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(false);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
