package io.autoencoded.deploy.reliability;

import io.autoencoded.deploy.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Starts a command as a real process and kills it with SIGKILL once its output shows it is under way. */
final class KilledProcess {
  private KilledProcess() {}

  /** What was seen when the process was killed: its output so far and whether it was still running. */
  record Killed(boolean wasRunning, int status, String output) {}

  static Killed killWhen(Path logs, List<String> command, Pattern progress, long timeoutSeconds)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    Path out = logs.resolve("killed-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).directory(Launcher.ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      while (p.isAlive() && System.nanoTime() < deadline) {
        if (progress.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) {
          break;
        }
        Thread.sleep(100);
      }
      boolean running = p.isAlive();
      p.descendants().forEach(ProcessHandle::destroyForcibly); // SIGKILL on Unix, as destroyForcibly below
      p.destroyForcibly();
      int status = p.waitFor();
      String output = Files.readString(out, StandardCharsets.UTF_8);
      System.out.println("$ " + String.join(" ", command) + "\n-> killed (" + status + ")\n" + output);
      return new Killed(running, status, output);
    } finally {
      p.destroyForcibly();
    }
  }
}
