package io.autoencoded.job.store;

import java.util.Optional;

/**
 * Work whose staging directory a later run can take over ({@link StagingDirectory#openResumable}): a family of
 * runs that replace one another's results (e.g. {@code reconstruct-FILM}) and a fingerprint of everything the
 * finished parts depend on, so that only a run that would write the very same parts reuses them.
 */
public record ResumableWork(String family, String fingerprint) {
  public ResumableWork {
    if (family.isBlank() || family.contains(" ") || fingerprint.isBlank() || fingerprint.contains(" ")) {
      throw new IllegalArgumentException("a family and a fingerprint without spaces: '" + family + "', '"
          + fingerprint + "'");
    }
  }

  String line() {
    return family + " " + fingerprint;
  }

  static Optional<ResumableWork> parse(String line) {
    String[] p = line.trim().split(" ");
    return p.length == 2 && !p[0].isEmpty() && !p[1].isEmpty() ? Optional.of(new ResumableWork(p[0], p[1]))
        : Optional.empty();
  }
}
