package io.autoencoded.job.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalEveryLineIsPrintedAsItIs() {
    // the test JVM has no console (surefire pipes its output), as under cron or with > log
    assertTrue(System.console() == null);
    assertFalse(TerminalProgressBar.wanted(System.err));
    assertFalse(TerminalProgressBar.wanted(out), "a stream that is not the process's own is never a terminal");
    EtaClock clock = EtaClock.start(100);
    try (ProgressDisplay display = ProgressDisplay.open(out, "job", "frames", clock)) {
      assertInstanceOf(PlainProgressLines.class, display);
      clock.advanceTo(40);
      display.progress("job: 40/100 frames (" + clock.percent() + "), " + clock.eta());
      display.println("checkpoint written");
    }
    String[] lines = text().split("\n");
    assertEquals(2, lines.length, text());
    assertTrue(lines[0].matches("job: 40/100 frames \\(40%\\), ETA \\d+ s"), lines[0]);
    assertEquals("checkpoint written", lines[1]);
    assertFalse(text().contains("\r"), "no carriage returns in a log");
  }

  @Test
  void onATerminalTheBarShowsThePercentageAndTheClocksEtaAndLinesGoAboveIt() throws Exception {
    AtomicLong now = new AtomicLong();
    EtaClock clock = new EtaClock(200, 0, Double.NaN, now::get);
    TerminalProgressBar bar = new TerminalProgressBar(out, "train", "frames", clock);
    now.addAndGet(20_000_000_000L);
    clock.advanceTo(50);
    bar.progress("not printed: the bar stands for it");
    bar.println("epoch 1/2 round 1/4: losses");
    bar.close();
    String shown = text();
    assertFalse(shown.contains("not printed"), shown);
    assertTrue(shown.contains("\r\u001b[2Kepoch 1/2 round 1/4: losses\n"), "erased bar, then the line: " + shown);
    assertTrue(shown.contains(" 25%"), shown);
    assertTrue(shown.contains("50/200 frames"), shown);
    // 150 frames left at 2.5 frames/s: the clock's 60 s, not the library's own guess
    assertTrue(shown.contains("/ 0:01:00)"), shown);
  }
}
