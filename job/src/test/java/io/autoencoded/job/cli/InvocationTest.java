package io.autoencoded.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationTest {
  private static Invocation parse(String... args) {
    return Invocation.parse("bench", args, Set.of("steps"), Set.of());
  }

  @Test
  void positiveWholeNumbers() {
    assertEquals(OptionalInt.of(7), parse("--steps", " 7 ").positiveInt("steps"));
    assertEquals(3, parse().positiveInt("steps", 3));
    for (String bad : new String[] {"0", "-2", "1.5", "many"}) {
      UserException e = assertThrows(UserException.class, () -> parse("--steps", bad).positiveInt("steps"), bad);
      assertTrue(e.getMessage().startsWith("--steps needs a whole number of at least 1, got '" + bad + "'"),
          e.getMessage());
    }
  }

  @Test
  void storeOptionOverridesTheConfiguredRoot() {
    assertEquals("hdfs://nn:8020/x", parse("--store", "hdfs://nn:8020/x").settings().store().root());
  }
}
