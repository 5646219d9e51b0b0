package io.autoencoded.job.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.testing.MiniHdfs;
import java.net.ConnectException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Telling a job's failure caused by the store going away from any other failure, on a real HDFS. */
class StoreFileSystemTest {
  @Test
  void aFailureIsTheStoresWhenItNamesALostConnectionOrTheStoreNoLongerAnswers() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      StoreLayout layout = new StoreLayout(hdfs.store("store"));
      Configuration conf = new Configuration(hdfs.configuration());
      conf.setInt("ipc.client.connect.max.retries", 0);
      // what a namenode stopping mid-call may answer: nothing that says "connection"
      RuntimeException internal = new IllegalStateException("Job aborted",
          new RuntimeException("org.apache.hadoop.ipc.RemoteException(java.lang.AssertionError)"));

      assertEquals(Optional.empty(), StoreFileSystem.lostDuring(layout, "ingest", internal, conf),
          "HDFS still answers: not the store's fault");
      Optional<UserException> named = StoreFileSystem.lostDuring(layout, "ingest",
          new IllegalStateException("Job aborted", new ConnectException("Connection refused")), conf);
      assertTrue(named.orElseThrow().getMessage().contains("became unreachable while the ingest ran "
          + "(ConnectException)"), named.toString());

      hdfs.stop();
      Optional<UserException> probed = StoreFileSystem.lostDuring(layout, "ingest", internal, conf);
      assertTrue(probed.isPresent(), "HDFS is gone: the failure is the store's");
      // which error the probe meets depends on how far the namenode's shutdown got: a refused or a closed socket
      assertTrue(probed.get().getMessage().matches("The store " + java.util.regex.Pattern.quote(layout.root())
          + " became unreachable while the ingest ran \\((ConnectException|EOFException|SocketException)\\): "
          + "nothing of it was published.*"), probed.get().getMessage());
    }
  }
}
