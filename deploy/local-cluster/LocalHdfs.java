// A single-node HDFS (namenode + datanode) on 127.0.0.1 for the local cluster: Hadoop's MiniDFSCluster in
// its own process. Run as a single-file program: java -cp 'hdfs-jars/*' LocalHdfs.java PORT DATA_DIR
import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

public class LocalHdfs {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    File dir = new File(args[1]);
    boolean format = !new File(dir, "data").exists();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(dir, "data").getAbsolutePath());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).nameNodePort(port).numDataNodes(1)
        .format(format).manageNameDfsDirs(true).manageDataDfsDirs(true).build();
    cluster.waitActive();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.shutdown()));
    System.out.println("HDFS_READY hdfs://127.0.0.1:" + cluster.getNameNodePort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
