package io.autoencoded.deploy;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under the scheme {@code counted:}, counting, per file, how often it is opened and how many
 * bytes are read from it. A real Hadoop {@code FileSystem} (registered through {@code META-INF/services}, so every
 * {@code new Configuration()}, Spark's included, finds it): a store at {@code counted:///dir} is the same files as
 * {@code file:///dir}, and the jobs run against it unchanged, while a test learns exactly which files each
 * command read. Spark's own input metrics cannot say this for reconstruct, whose tasks read Parquet themselves.
 * The counts are static because in local mode the driver and the executors are one JVM.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "counted";
  private static final URI NAME = URI.create(SCHEME + ":///");
  private static final Map<String, Tally> READS = new ConcurrentHashMap<>();

  /** Opens and bytes read of one file since the last {@link #reset}. */
  public record Reads(long opens, long bytes) {}

  private record Tally(LongAdder opens, LongAdder bytes) {
    Reads snapshot() {
      return new Reads(opens.sum(), bytes.sum());
    }
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    FSDataInputStream in = super.open(f, bufferSize);
    Tally tally = READS.computeIfAbsent(makeQualified(f).toUri().getPath(),
        p -> new Tally(new LongAdder(), new LongAdder()));
    tally.opens().increment();
    return new FSDataInputStream(new CountedStream(in, tally.bytes()));
  }

  /** The URI of a local directory on this filesystem. */
  public static String uriOf(java.nio.file.Path dir) {
    return SCHEME + "://" + dir.toAbsolutePath().normalize().toUri().getPath();
  }

  /** Forgets every count: what follows is one command's reading. */
  public static void reset() {
    READS.clear();
  }

  /** What was read since the last reset, by absolute local path, in path order. */
  public static Map<String, Reads> reads() {
    Map<String, Reads> out = new TreeMap<>();
    READS.forEach((path, tally) -> out.put(path, tally.snapshot()));
    return out;
  }

  /** Counts what passes through; everything else is the local stream's. */
  private static final class CountedStream extends FSInputStream {
    private final FSDataInputStream in;
    private final LongAdder bytes;

    CountedStream(FSDataInputStream in, LongAdder bytes) {
      this.in = in;
      this.bytes = bytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        bytes.increment();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        bytes.add(n);
      }
      return n;
    }

    @Override
    public int read(long position, byte[] b, int off, int len) throws IOException {
      int n = in.read(position, b, off, len);
      if (n > 0) {
        bytes.add(n);
      }
      return n;
    }

    @Override
    public void readFully(long position, byte[] b, int off, int len) throws IOException {
      in.readFully(position, b, off, len);
      bytes.add(len);
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) throws IOException {
      return in.seekToNewSource(targetPos);
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
