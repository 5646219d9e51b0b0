package io.autoencoded.job.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real single-datanode HDFS on 127.0.0.1 for tests (Hadoop's MiniDFSCluster). Shared with the other modules
 * through the job test-jar.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final File base;
  private MiniDFSCluster.DataNodeProperties stoppedDataNode;

  private MiniHdfs(MiniDFSCluster cluster, File base) {
    this.cluster = cluster;
    this.base = base;
  }

  public static MiniHdfs start() throws IOException {
    File base = Files.createTempDirectory("minihdfs").toFile();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
    return new MiniHdfs(cluster, base);
  }

  /** hdfs://127.0.0.1:PORT */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** A store root on this HDFS. */
  public String store(String name) {
    return uri() + "/" + name;
  }

  public Configuration configuration() {
    return cluster.getConfiguration(0);
  }

  public void stopNamenode() {
    cluster.shutdownNameNodes();
  }

  /** Stops the whole filesystem, namenode then datanode, as a crash or an administrator would. */
  public synchronized void stop() {
    cluster.shutdownNameNodes();
    stoppedDataNode = cluster.stopDataNode(0);
  }

  /** Starts it again on the same directories and port, after {@link #stop}; returns once it serves. */
  public synchronized void restart() throws IOException {
    cluster.restartNameNode(0, false);
    if (stoppedDataNode != null) {
      cluster.restartDataNode(stoppedDataNode, true);
      stoppedDataNode = null;
    }
    cluster.waitActive();
    cluster.waitClusterUp();
  }

  @Override
  public void close() {
    cluster.shutdown(true);
    deleteRecursively(base);
  }

  private static void deleteRecursively(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteRecursively(c);
      }
    }
    f.delete();
  }
}
