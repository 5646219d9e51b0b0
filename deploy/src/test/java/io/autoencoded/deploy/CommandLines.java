package io.autoencoded.deploy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the entry point in-process, as the launcher does in local mode, and captures what it prints. */
public final class CommandLines {
  /** Settings that keep a whole pipeline to seconds: tiny frames, a narrow model, one epoch. */
  public static final List<String> SMALL = List.of(
      "--set", "frames.height=32", "--set", "frames.width=48", "--set", "model.filters=4",
      "--set", "model.latent=8", "--set", "train.epochs=1", "--set", "train.batch-size=8",
      "--set", "train.workers=2", "--set", "train.averaging-frequency=4");

  public record Outcome(int status, String out, String err) {
    public String lastErrLine() {
      String[] lines = err.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private CommandLines() {}

  public static synchronized Outcome run(List<String> args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(errStream);
    try {
      int status = Autoencoded.commands().run(args.toArray(String[]::new), errStream);
      return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      oldOut.print(out.toString(StandardCharsets.UTF_8));
      oldErr.print(err.toString(StandardCharsets.UTF_8));
    }
  }

  public static List<String> with(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--master", "local[2]"));
    all.addAll(SMALL);
    return all;
  }
}
