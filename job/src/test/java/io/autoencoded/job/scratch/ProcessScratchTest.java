package io.autoencoded.job.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which scratch directories are removed at a process's start: those whose lock nobody holds. A real SIGKILLed
 * process's directory is removed by the next one in deploy's KilledRunsLeaveNothingTest.
 */
class ProcessScratchTest {
  @TempDir Path base;

  @Test
  void removesOnlyTheDirectoriesOfDeadProcesses() throws Exception {
    Path dead = Files.createDirectory(base.resolve(ProcessScratch.PREFIX + "1-dead"));
    Files.createFile(dead.resolve(ProcessScratch.LOCK));
    Files.writeString(dead.resolve("seg-000001-1.mp4"), "half a segment");
    Path live = Files.createDirectory(base.resolve(ProcessScratch.PREFIX + "2-live"));
    Path creating = Files.createDirectory(base.resolve(ProcessScratch.PREFIX + "3-new.new"));
    Path unrelated = Files.createDirectory(base.resolve("something-else"));
    try (FileChannel channel = FileChannel.open(live.resolve(ProcessScratch.LOCK), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE); FileLock held = channel.lock()) {
      assertEquals(List.of(dead), ProcessScratch.removeDead(base));
    }
    assertTrue(Files.exists(live) && Files.exists(creating) && Files.exists(unrelated));
  }

  @Test
  void thisProcessHasOneDirectoryThatItKeeps() throws Exception {
    Path mine = ProcessScratch.directory();
    Path file = ProcessScratch.newFile("seg-", ".mp4");
    assertEquals(mine, file.getParent());
    assertEquals(mine, ProcessScratch.directory());
    assertTrue(ProcessScratch.removeDead(mine.getParent()).stream().noneMatch(mine::equals));
    assertTrue(Files.exists(file));
    Files.delete(file);
  }
}
