package io.autoencoded.deploy.film;

import io.autoencoded.job.cli.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A film of any length made at test time with the ffmpeg CLI: H.264 at 24 fps with an AAC soundtrack, shot after
 * shot of FFmpeg's test sources (each under its own hue), hard cuts between them.
 *
 * <p>Why it is built this way: encoding two hours of 720p costs longer than the benchmark itself on a 2-core machine.
 * So a dozen distinct shots are encoded once and the film is their concatenation by packet copy (the concat demuxer,
 * {@code -c copy}), in an order in which no shot follows itself, cut to the frame (a last, shorter shot is encoded
 * for the remainder). Every shot starts on a keyframe, so every cut is a hard cut the decoder sees as one. The sound
 * is encoded separately as one continuous tone with a beep every second, as long as the video to the sample, so
 * that the film's audio ends with its last frame (AAC pads at most one 1024-sample frame, 21 ms at 48 kHz).
 */
public record GeneratedFilm(Path file, long frames, int shots, int width, int height, double seconds) {
  public static final int FPS = 24;
  private static final int DISTINCT_SHOTS = 12;

  /**
   * The sources, in turn; still pictures scroll so that every shot moves. The random ones are seeded by the shot
   * (their default seed is new each run), so that the same command makes the same film and runs can be compared.
   */
  private static final List<String> SOURCES = List.of(
      "testsrc2=size=%1$dx%2$d:rate=24",
      "smptehdbars=size=%1$dx%2$d:rate=24,scroll=h=0.004",
      "cellauto=size=%3$dx%4$d:rate=24:rule=30:seed=%5$d,scale=%1$d:%2$d:flags=neighbor",
      "rgbtestsrc=size=%1$dx%2$d:rate=24,scroll=v=0.006",
      "testsrc=size=%1$dx%2$d:rate=24",
      "life=size=%3$dx%4$d:rate=24:mold=10:ratio=0.4:seed=%5$d,scale=%1$d:%2$d:flags=neighbor");

  /**
   * Writes {@code minutes} of film into {@code dir} (which it fills with its shots too).
   *
   * @param shotSeconds the length of each shot, so the film has a hard cut every {@code shotSeconds}
   */
  public static GeneratedFilm write(Path dir, double minutes, int width, int height, double shotSeconds)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long frames = Math.round(minutes * 60 * FPS);
    int shotFrames = (int) Math.round(shotSeconds * FPS);
    if (frames < 1 || shotFrames < 1) {
      throw new UserException("--minutes and --shot-seconds must give at least one frame each (got " + minutes
          + " min, " + shotSeconds + " s): raise them.");
    }
    if (width % 2 != 0 || height % 2 != 0) {
      throw new UserException("--width and --height must be even for H.264 4:2:0 (got " + width + "x" + height
          + "): pass even numbers such as 1280x720.");
    }
    Files.createDirectories(dir);
    int distinct = (int) Math.min(DISTINCT_SHOTS, (frames + shotFrames - 1) / shotFrames);
    List<Path> shotFiles = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      shotFiles.add(encodeShot(dir, "shot-" + i, i, shotFrames, width, height));
    }
    long whole = frames / shotFrames;
    int rest = (int) (frames % shotFrames);
    StringBuilder list = new StringBuilder();
    for (long s = 0; s < whole; s++) {
      // a stride coprime with the number of distinct shots: consecutive shots always differ
      list.append("file '").append(shotFiles.get((int) ((s * 5) % distinct)).getFileName()).append("'\n");
    }
    if (rest > 0) {
      Path tail = encodeShot(dir, "shot-tail", (int) (whole % DISTINCT_SHOTS) + 1, rest, width, height);
      list.append("file '").append(tail.getFileName()).append("'\n");
    }
    Path listFile = dir.resolve("shots.txt");
    Files.writeString(listFile, list.toString(), StandardCharsets.UTF_8);
    double duration = (double) frames / FPS;
    Path audio = dir.resolve("sound.m4a");
    ffmpeg(dir, "-f", "lavfi", "-i", String.format(Locale.ROOT,
            "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=%.6f", duration),
        "-c:a", "aac", "-b:a", "96k", audio.toString());
    Path film = dir.resolve(String.format(Locale.ROOT, "film-%smin.mp4", trim(minutes)));
    ffmpeg(dir, "-f", "concat", "-safe", "0", "-i", listFile.toString(), "-i", audio.toString(),
        "-map", "0:v", "-map", "1:a", "-c", "copy", "-movflags", "+faststart", film.toString());
    long shots = whole + (rest > 0 ? 1 : 0);
    return new GeneratedFilm(film, frames, (int) shots, width, height, (System.nanoTime() - started) / 1e9);
  }

  private static Path encodeShot(Path dir, String name, int index, int frames, int width, int height)
      throws IOException, InterruptedException {
    String source = String.format(Locale.ROOT, SOURCES.get(index % SOURCES.size()), width, height,
        Math.max(2, width / 4 / 2 * 2), Math.max(2, height / 4 / 2 * 2), index + 1);
    int hue = (index * 67) % 360;
    Path out = dir.resolve(name + ".mp4");
    // a keyframe at the shot's start and every 2 s; no scene-cut keyframes, so that the GOPs do not depend on content
    ffmpeg(dir, "-f", "lavfi", "-i", source + ",hue=h=" + hue + ",format=yuv420p", "-frames:v",
        Integer.toString(frames), "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-g", "48",
        "-sc_threshold", "0", "-r", Integer.toString(FPS), "-video_track_timescale", "12288", "-an", out.toString());
    return out;
  }

  private static void ffmpeg(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(args));
    Path log = dir.resolve("ffmpeg.log");
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UserException("bench film generates its film with the ffmpeg command, which cannot be run ("
          + e.getMessage() + "): install FFmpeg (apt-get install ffmpeg) and retry.", e);
    }
    int status = p.waitFor();
    if (status != 0) {
      throw new UserException("ffmpeg failed (exit " + status + ") while generating the film: see " + log
          + "; an FFmpeg with libx264, aac and the lavfi test sources is needed (Debian's ffmpeg package).");
    }
  }

  private static String trim(double minutes) {
    return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
  }
}
