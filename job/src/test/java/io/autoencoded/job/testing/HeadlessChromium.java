package io.autoencoded.job.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for tests that look at a page as a person would: the DOM after the page has
 * loaded (scripts run, images fetched) and a screenshot. .ci/run installs it; tests skip where it is absent.
 * {@code --no-sandbox} because CI runs as root, where Chromium's sandbox refuses to start.
 */
public final class HeadlessChromium {
  private static final long TIMEOUT_S = 90;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The browser on PATH, if installed. */
  public static Optional<HeadlessChromium> find() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new HeadlessChromium(candidate));
      }
    }
    return Optional.empty();
  }

  /** The serialized DOM of the page at {@code page} once it has loaded. */
  public String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()), null);
  }

  /** A PNG screenshot of the page at the given window size. */
  public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", page.toUri().toString()), png);
  }

  private String run(List<String> args, Path expected) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path err = Files.createTempFile("chromium", ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile));
    command.addAll(args);
    Path out = Files.createTempFile("chromium", ".out");
    // both streams to files: a browser that hangs must not block this thread on a pipe past the timeout
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("chromium did not finish in " + TIMEOUT_S + " s: " + String.join(" ", command));
    }
    String log = Files.readString(err, StandardCharsets.UTF_8);
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(err);
    Files.deleteIfExists(out);
    deleteTree(profile);
    if (p.exitValue() != 0 || (expected != null && !Files.exists(expected))) {
      throw new IOException("chromium exited with " + p.exitValue() + ": " + String.join(" ", command) + "\n" + log);
    }
    return dom;
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a browser profile in the temporary directory: nothing depends on it being gone
    }
  }
}
