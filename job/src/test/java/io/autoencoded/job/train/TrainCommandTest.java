package io.autoencoded.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.CommandRunner;
import io.autoencoded.job.spark.SparkSessions;
import io.autoencoded.job.store.StoreLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code autoencoded train} through the command runner, as the launcher runs it (real VAE-GAN, HDFS store). */
class TrainCommandTest {
  private static TrainStore store;

  @BeforeAll
  static void start() {
    store = new TrainStore();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private record Outcome(int status, String stdout, String stderr) {
    String lastErrLine() {
      String[] lines = stderr.strip().split("\n");
      return lines[lines.length - 1];
    }

    String lastOutLine() {
      String[] lines = stdout.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = new CommandRunner().register(new TrainCommand()).run(args, System.err);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Outcome o = new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldErr.print(o.stderr);
    return o;
  }

  private static final String[] SMALL = {"--master", "local[2]", "--set", "frames.height=32", "--set",
      "frames.width=48", "--set", "model.filters=4", "--set", "model.latent=8", "--set", "train.batch-size=4",
      "--set", "train.averaging-frequency=2", "--set", "train.workers=2", "--set", "train.learning-rate=1e-3"};

  private static String[] args(String root, String... more) {
    String[] all = new String[1 + 2 + SMALL.length + more.length];
    all[0] = "train";
    all[1] = "--store";
    all[2] = root;
    System.arraycopy(SMALL, 0, all, 3, SMALL.length);
    System.arraycopy(more, 0, all, 3 + SMALL.length, more.length);
    return all;
  }

  @Test
  void trainsResumesAndReportsJson() throws Exception {
    String root = store.newRoot();
    SparkSession spark = SparkSessions.open("local[2]", TrainStore.settings(root, Map.of()), "setup");
    TrainStore.writeFilm(spark, root, "clip", 24, 32, 48, 0);
    spark.stop();

    Outcome first = run(args(root, "--film-id", "clip", "--epochs", "1"));
    assertEquals(0, first.status(), first.stderr());
    int estimate = first.stderr().indexOf("estimate (from a ");
    assertTrue(estimate >= 0 && estimate < first.stderr().indexOf("epoch 1/1 round 1/"), first.stderr());
    assertTrue(first.lastOutLine().contains("\"estimate_s\":"), first.stdout());
    assertTrue(first.lastOutLine().startsWith("{\"run_id\":\"run-"), first.stdout());
    assertTrue(first.lastOutLine().contains("\"epochs\":1"), first.stdout());

    Outcome second = run(args(root, "--film-id", "clip", "--epochs", "2"));
    assertEquals(0, second.status(), second.stderr());
    assertTrue(second.stderr().contains("resuming from "), second.stderr());
    assertTrue(second.stderr().contains("epoch 2/2 round 2/2"), second.stderr());
    assertTrue(second.lastOutLine().contains("\"epochs\":2") && second.lastOutLine().contains("\"resumed\":true"));
    assertTrue(second.lastOutLine().contains(new StoreLayout(root).models().toString()), second.stdout());
  }

  @Test
  void userErrorsEndWithOneSentence() {
    String root = store.newRoot();
    Outcome empty = run(args(root));
    assertEquals(CommandRunner.EXIT_USER_ERROR, empty.status());
    assertTrue(empty.lastErrLine().contains("has no films to train on"), empty.stderr());

    Outcome unknown = run(args(root, "--film-id", "blade_runner"));
    assertEquals(CommandRunner.EXIT_USER_ERROR, unknown.status());
    assertTrue(unknown.lastErrLine().contains("'blade_runner'"), unknown.stderr());

    Outcome epochs = run(args(root, "--epochs", "zero"));
    assertEquals(CommandRunner.EXIT_USER_ERROR, epochs.status());
    assertTrue(epochs.lastErrLine().startsWith("--epochs needs a whole number"), epochs.stderr());
  }

  @Test
  void anEstimateAboveTheWarningGoesOnAndAboveMaxHoursStopsBeforeTraining() throws Exception {
    String root = store.newRoot();
    SparkSession spark = SparkSessions.open("local[2]", TrainStore.settings(root, Map.of()), "setup");
    TrainStore.writeFilm(spark, root, "clip", 24, 32, 48, 0);
    org.apache.hadoop.fs.FileSystem fs = new org.apache.hadoop.fs.Path(root)
        .getFileSystem(spark.sparkContext().hadoopConfiguration());
    spark.stop();
    org.apache.hadoop.fs.Path models = new StoreLayout(root).models();

    // a limit of about a millisecond: any run is above it
    Outcome stopped = run(args(root, "--film-id", "clip", "--epochs", "1", "--max-hours", "0.0000003"));
    assertEquals(CommandRunner.EXIT_USER_ERROR, stopped.status(), stopped.stderr());
    assertTrue(stopped.stderr().contains("estimate (from a "), stopped.stderr());
    assertTrue(stopped.lastErrLine().startsWith("Training did not start: the estimate is "), stopped.stderr());
    assertTrue(stopped.lastErrLine().contains("above --max-hours 0.0000003: ")
        && stopped.lastErrLine().contains("--epochs N")
        && stopped.lastErrLine().endsWith("nothing stored was lost."), stopped.lastErrLine());
    assertTrue(!stopped.stderr().contains("round 1/"), "no round was trained: " + stopped.stderr());
    assertTrue(!fs.exists(models), "nothing was stored under " + models);

    Outcome warned = run(args(root, "--film-id", "clip", "--epochs", "1", "--set", "train.warn-after-hours=0.0000003"));
    assertEquals(0, warned.status(), warned.stderr());
    assertTrue(warned.stderr().contains("warning: the estimate, ") && warned.stderr().contains("Training goes on."),
        warned.stderr());
    assertTrue(warned.stderr().contains("epoch 1/1 round 2/2"), warned.stderr());

    Outcome badLimit = run(args(root, "--max-hours", "soon"));
    assertEquals(CommandRunner.EXIT_USER_ERROR, badLimit.status());
    assertTrue(badLimit.lastErrLine().startsWith("--max-hours needs a number above 0"), badLimit.stderr());
  }
}
