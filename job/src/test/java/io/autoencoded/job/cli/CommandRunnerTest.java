package io.autoencoded.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private final Command echo = new Command() {
    @Override public String name() { return "echo"; }
    @Override public String summary() { return "test"; }
    @Override public Set<String> options() { return Set.of("film-id", "what"); }
    @Override public Set<String> flags() { return Set.of("loud"); }
    @Override public int run(Invocation inv) {
      assertEquals(List.of("a", "b"), inv.all("film-id"));
      assertTrue(inv.flag("loud"));
      assertEquals("x=y", inv.required("what"));
      return 0;
    }
  };

  private final Command failing = new Command() {
    @Override public String name() { return "fail"; }
    @Override public String summary() { return "test"; }
    @Override public Set<String> flags() { return Set.of("user"); }
    @Override public int run(Invocation inv) {
      if (inv.flag("user")) {
        // as Spark delivers an executor's failure: wrapped
        throw new RuntimeException("Job aborted", new UserException("The film is broken: fix it."));
      }
      throw new IllegalStateException("boom\nsecond line");
    }
  };

  private int run(String... args) {
    return new CommandRunner().register(echo).register(failing)
        .run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String lastLine() {
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void parsesRepeatedOptionsFlagsAndInlineValues() {
    assertEquals(0, run("echo", "--film-id", "a", "--film-id=b", "--loud", "--what", "x=y"));
  }

  @Test
  void unknownCommandAndOptionAreOneLineUserErrors() {
    assertEquals(CommandRunner.EXIT_USER_ERROR, run("nope"));
    assertTrue(lastLine().startsWith("Unknown command 'nope'"), lastLine());
    assertEquals(CommandRunner.EXIT_USER_ERROR, run("echo", "--colour", "red"));
    assertTrue(lastLine().startsWith("Unknown option --colour"), lastLine());
  }

  @Test
  void missingValueIsNamed() {
    assertEquals(CommandRunner.EXIT_USER_ERROR, run("echo", "--what"));
    assertTrue(lastLine().contains("--what needs a value"), lastLine());
  }

  @Test
  void wrappedUserExceptionIsTheLastLine() {
    assertEquals(CommandRunner.EXIT_USER_ERROR, run("fail", "--user"));
    assertEquals("The film is broken: fix it.", lastLine());
  }

  @Test
  void unexpectedFailureEndsWithOneSentenceAndNoStackTraceUnlessVerbose() {
    assertEquals(CommandRunner.EXIT_FAILURE, run("fail"));
    String all = err.toString(StandardCharsets.UTF_8);
    assertFalse(all.contains("\tat "), all);
    assertTrue(lastLine().contains("IllegalStateException: boom") && lastLine().contains("--verbose"), lastLine());
    err.reset();
    assertEquals(CommandRunner.EXIT_FAILURE, run("fail", "--verbose"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("\tat "));
    assertTrue(lastLine().contains("re-run with --verbose"), lastLine());
  }
}
