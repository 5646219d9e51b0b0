package io.autoencoded.ingest;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Every file under a store root with its size and modification time: equal snapshots = store untouched. */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static Map<String, String> of(String root, Configuration conf) throws IOException {
    Map<String, String> files = new TreeMap<>();
    Path rootPath = new Path(root);
    FileSystem fs = rootPath.getFileSystem(conf);
    if (!fs.exists(rootPath)) {
      return files;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootPath, true);
    while (it.hasNext()) {
      FileStatus s = it.next();
      String rel = s.getPath().toUri().getPath().substring(rootPath.toUri().getPath().length());
      if (!rel.contains(".crc")) {
        files.put(rel, s.getLen() + "@" + s.getModificationTime());
      }
    }
    return files;
  }
}
