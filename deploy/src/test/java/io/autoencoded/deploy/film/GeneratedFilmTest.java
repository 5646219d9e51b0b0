package io.autoencoded.deploy.film;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class GeneratedFilmTest {
  /**
   * The film-scale bench compares runs (and a kill-resume with its reference) on the film it generates: the same
   * command must make the same film. Six seconds of one-second shots hold every source, the random ones included.
   */
  @Test
  void theSameCommandMakesTheSameFilm(@TempDir Path dir) throws Exception {
    GeneratedFilm first = GeneratedFilm.write(dir.resolve("first"), 0.1, 128, 72, 1.0);
    GeneratedFilm second = GeneratedFilm.write(dir.resolve("second"), 0.1, 128, 72, 1.0);
    assertEquals(144, first.frames());
    assertEquals(6, first.shots());
    assertEquals(-1, Arrays.mismatch(Files.readAllBytes(first.file()), Files.readAllBytes(second.file())),
        "two films made by the same command differ");
  }
}
