package io.autoencoded.deploy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Saves the classes this JVM has loaded as a dynamic class-data archive (AppCDS) when the launcher asks for
 * one: {@code deploy/bin/autoencoded} passes {@code -Dautoencoded.cds.archive=PATH} (with
 * {@code -XX:+RecordDynamicDumpInfo}) to a local run that found no archive for its command and this build.
 * Later runs map the archive instead of reading, parsing and verifying Spark's, Hadoop's and Scala's classes
 * from their jars: about 1 s less of start-up, serial, before any work starts (docs/PERFORMANCE.md).
 *
 * <p>Saved only after a command succeeded, written under a temporary name and renamed into place (a JVM
 * given a truncated archive crashes). A failure to save costs the next run its speed-up, nothing else.
 */
final class ClassDataArchive {
  static final String PROPERTY = "autoencoded.cds.archive";

  private ClassDataArchive() {}

  static void saveIfRequested(PrintStream log) {
    String requested = System.getProperty(PROPERTY);
    if (requested == null || requested.isBlank()) {
      return;
    }
    Path archive = Path.of(requested).toAbsolutePath();
    Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    long started = System.nanoTime();
    PrintStream out = System.out;
    try {
      Files.createDirectories(archive.getParent());
      // the JDK reports the dump on System.out, where a benchmark's last line must stay its JSON
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
          new Object[] {new String[] {"dynamic_dump", partial.toString()}}, new String[] {String[].class.getName()});
      if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
        throw new IllegalStateException("the JVM wrote no archive");
      }
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.printf(Locale.ROOT, "autoencoded: saved this command's classes to %s in %.1f s: its next local runs "
          + "start faster (once per build; AUTOENCODED_CDS=off to skip).%n", archive, (System.nanoTime() - started) / 1e9);
    } catch (Exception | LinkageError e) {
      log.println("autoencoded: could not save the class-data archive " + archive + " (" + e + "); "
          + "runs start as before.");
    } finally {
      System.setOut(out);
      try {
        Files.deleteIfExists(partial);
      } catch (Exception ignored) {
        // a leftover temporary file is never read: archives are only taken under their final name
      }
    }
  }
}
