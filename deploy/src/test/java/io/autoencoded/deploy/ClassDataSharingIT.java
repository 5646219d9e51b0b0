package io.autoencoded.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing, through the launcher: the first local run of a command saves its classes
 * to an archive, the next run maps Spark's classes from it, and AUTOENCODED_CDS=off runs without. The JVM's
 * class-loading log says where each class came from.
 */
class ClassDataSharingIT {
  @TempDir Path dir;

  @Test
  void theFirstRunSavesTheClassesTheNextMapsThem() throws Exception {
    Path archives = dir.resolve("cds");
    Path classLog = dir.resolve("classes.log");
    Map<String, String> env = Map.of("AUTOENCODED_CDS_DIR", archives.toString(),
        "AUTOENCODED_JAVA_OPTS", "-Xmx2g -Xlog:class+load=info:file=" + classLog);
    String[] bench = {"bench", "ingest", "--film", Launcher.ROOT.resolve("deploy/demo/cityCC0.mpg").toString(),
        "--master", "local[2]"};

    Launcher.Result first = Launcher.run(dir.resolve("logs"), env, 300, Launcher.autoencoded(bench));
    assertEquals(0, first.status(), first.err());
    assertTrue(first.err().contains("saved this command's classes to " + archives), first.err());
    assertTrue(lastLine(first.out()).startsWith("{\"bench\":\"ingest\""), "stdout ends with the JSON: " + first.out());
    List<Path> saved = archivesIn(archives);
    assertEquals(1, saved.size(), saved.toString());
    assertTrue(saved.get(0).getFileName().toString().startsWith("bench-ingest-"), saved.toString());
    assertFalse(sparkFromArchive(classLog), "the first run loads Spark from its jars");

    Launcher.Result second = Launcher.run(dir.resolve("logs"), env, 300, Launcher.autoencoded(bench));
    assertEquals(0, second.status(), second.err());
    assertFalse(second.err().contains("saved this command's classes"), second.err());
    assertTrue(sparkFromArchive(classLog), "the second run maps Spark's classes from the archive");
    assertEquals(saved, archivesIn(archives));

    Map<String, String> off = new java.util.HashMap<>(env);
    off.put("AUTOENCODED_CDS", "off");
    Launcher.Result without = Launcher.run(dir.resolve("logs"), off, 300, Launcher.autoencoded(bench));
    assertEquals(0, without.status(), without.err());
    assertFalse(sparkFromArchive(classLog), "AUTOENCODED_CDS=off loads Spark from its jars");
  }

  private static boolean sparkFromArchive(Path classLog) throws Exception {
    try (Stream<String> lines = Files.lines(classLog)) {
      return lines.anyMatch(l -> l.contains("org.apache.spark.SparkContext ")
          && l.contains("source: shared objects file (top)"));
    }
  }

  private static List<Path> archivesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jsa")).sorted().toList();
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }
}
