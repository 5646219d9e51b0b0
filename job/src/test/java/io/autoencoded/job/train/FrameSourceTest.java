package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.model.ModelSpec;
import io.autoencoded.job.store.FrameSchema;
import io.autoencoded.job.store.StoreLayout;
import io.autoencoded.job.tensor.FrameTensorCodec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The frames a run trains on, read from all its films' directories in one scan (on HDFS). */
class FrameSourceTest {
  static TrainStore store;

  @BeforeAll
  static void start() {
    store = new TrainStore();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void filmIdsThatLookLikeNumbersStayDistinctAndEachFilmKeepsItsFrames() throws Exception {
    String root = store.newRoot();
    // read as numbers, both directories would be film 7
    TrainStore.writeFilm(store.spark(), root, "007", 3, 16, 32, 0);
    TrainStore.writeFilm(store.spark(), root, "7", 5, 16, 32, 1);
    TrainStore.writeFilm(store.spark(), root, "b", 2, 16, 32, 2);
    Settings settings = TrainStore.settings(root, Map.of());

    FrameSource all = FrameSource.open(store.spark(), new StoreLayout(root), List.of(), ModelSpec.from(settings));
    assertEquals(List.of("007", "7", "b"), all.films());
    assertArrayEquals(new long[] {0, 3, 8}, all.offsets());
    assertEquals(10, all.total());
    Map<Integer, Long> perFilm = new TreeMap<>();
    for (Row r : all.frames().groupBy(FrameSource.FILM).count().collectAsList()) {
      perFilm.put(r.getInt(0), r.getLong(1));
    }
    assertEquals(Map.of(0, 3L, 1, 5L, 2, 2L), perFilm);

    FrameSource some = FrameSource.open(store.spark(), new StoreLayout(root), List.of("b", "7"),
        ModelSpec.from(settings));
    assertEquals(List.of("7", "b"), some.films());
    assertEquals(7, some.total());
    assertEquals(List.of(4L), some.frames().where(some.frames().col(FrameSource.FILM).equalTo(0))
        .agg(org.apache.spark.sql.functions.max(FrameSchema.FRAME_INDEX)).collectAsList().stream()
        .map(r -> r.getLong(0)).toList(), "film 0 of this selection is '7', frames 0..4");
    assertEquals(5, some.firstFrames(10).size(), "the probe's frames come from the first film only");
  }

  @Test
  void theMeanFrameIsTheMeanOfEveryFrameOfTheSelectedFilms() throws Exception {
    String root = store.newRoot();
    TrainStore.writeFilm(store.spark(), root, "a", 3, 16, 32, 0);
    TrainStore.writeFilm(store.spark(), root, "b", 4, 16, 32, 3);
    TrainStore.writeFilm(store.spark(), root, "c", 2, 16, 32, 5);
    Settings settings = TrainStore.settings(root, Map.of());
    FrameSource source = FrameSource.open(store.spark(), new StoreLayout(root), List.of("a", "b"),
        ModelSpec.from(settings));

    FrameTensorCodec codec = new FrameTensorCodec(16, 32, 3);
    List<byte[]> pixels = new java.util.ArrayList<>();
    for (Row r : source.frames().select(FrameSchema.PIXELS).collectAsList()) {
      pixels.add((byte[]) r.get(0));
    }
    assertEquals(7, pixels.size());
    INDArray expected = codec.toBatch(pixels).mean(true, 0);
    INDArray mean = source.meanFrame(ModelSpec.from(settings));
    assertArrayEquals(new long[] {1, 3, 16, 32}, mean.shape());
    assertEquals(0, mean.distance2(expected), 1e-4, "the mean of film a's and b's 7 frames, not film c's");
    assertTrue(expected.stdNumber().doubleValue() > 0.01, "the frames differ from pixel to pixel");
  }
}
