package io.autoencoded.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.FilmRecord;
import io.autoencoded.job.store.FilmRegistry;
import io.autoencoded.job.store.StoreLayout;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same ingest into a real HDFS (MiniDFSCluster), with films read from local paths and from hdfs:// URIs. */
class IngestHdfsTest {
  @TempDir
  static Path dir;
  static MiniDFSCluster cluster;
  static SparkSession spark;
  static Settings settings;
  static StoreLayout layout;
  static String hdfs;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
    settings = IngestFileStoreTest.settings(hdfs + "/store", 32);
    layout = new StoreLayout(settings.store().root());
    spark = SparkSessions.open("local[2]", settings, "ingest hdfs test");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void bundledClipFromALocalPathIntoHdfs() throws Exception {
    Path clip = IngestFileStoreTest.BUNDLED;
    StoredFilm stored = IngestFileStoreTest.ingestAndCheck(spark, settings, clip.toString(), clip, "city");
    assertEquals(190, stored.frames());
    assertTrue(cluster.getFileSystem().exists(new org.apache.hadoop.fs.Path("/store/frames/film_id=city")));
    assertFalse(cluster.getFileSystem().exists(new org.apache.hadoop.fs.Path("/store/_staging")),
        "staging left behind after a successful ingest");
  }

  @Test
  void filmOnHdfsIsIngestedFromItsUri() throws Exception {
    Path film = TestFilms.make(dir, "remote.avi",
        new TestFilms.Spec("avi", AV_CODEC_ID_MPEG4, 160, 90, 25, 50, 10, 0, false));
    cluster.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(film.toUri()),
        new org.apache.hadoop.fs.Path("/inbox/remote.avi"));
    String uri = hdfs + "/inbox/remote.avi";
    StoredFilm stored = IngestFileStoreTest.ingestAndCheck(spark, settings, uri, film, "remote");
    assertEquals(50, stored.frames());
    FilmRecord r = new FilmRegistry(layout, spark.sparkContext().hadoopConfiguration()).require("remote");
    assertEquals(uri, r.source());

    Map<String, String> before = StoreSnapshot.of(layout.root(), spark.sparkContext().hadoopConfiguration());
    assertTrue(IngestJob.run(spark, settings, uri, "remote", false).noOp());
    UserException e = assertThrows(UserException.class,
        () -> IngestJob.run(spark, settings, hdfs + "/inbox/absent.avi", "absent", false));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertEquals(before, StoreSnapshot.of(layout.root(), spark.sparkContext().hadoopConfiguration()));
  }
}
