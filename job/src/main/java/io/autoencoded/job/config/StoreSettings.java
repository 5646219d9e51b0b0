package io.autoencoded.job.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * Where the store is, and how a run's staging directory says it is alive: a heartbeat every
 * {@code stagingHeartbeatS}; a staging directory whose heartbeat is older than {@code stagingStaleAfterS}
 * belongs to a dead run wherever that run was (on HDFS other hosts' process ids mean nothing). A dead run whose
 * work can be resumed (a reconstruct's finished segments) is kept for {@code stagingResumeKeepS} after its last
 * beat, unless the same command finds it first.
 */
public record StoreSettings(String root, int stagingHeartbeatS, int stagingStaleAfterS, int stagingResumeKeepS)
    implements Serializable {
  static StoreSettings from(Config config) {
    ConfigReader reader = new ConfigReader(config);
    String root = reader.string("store.root").trim();
    if (root.isEmpty()) {
      throw new InvalidSettingException("store.root", "is empty");
    }
    int heartbeat = reader.intIn("store.staging-heartbeat-s", 1, 3600);
    int staleAfter = reader.intIn("store.staging-stale-after-s", 2, 7 * 24 * 3600);
    if (staleAfter <= 2 * heartbeat) {
      throw new InvalidSettingException("store.staging-stale-after-s", "must be more than twice "
          + "store.staging-heartbeat-s (" + heartbeat + "), got " + staleAfter);
    }
    int resumeKeep = reader.intIn("store.staging-resume-keep-s", 0, 30 * 24 * 3600);
    return new StoreSettings(root, heartbeat, staleAfter, resumeKeep);
  }
}
