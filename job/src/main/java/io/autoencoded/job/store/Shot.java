package io.autoencoded.job.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * One shot of a film: the consecutive frames {@code [firstFrame, firstFrame + frameCount)} between two hard cuts.
 *
 * @param index      0-based, in film order
 * @param cutScore   how strongly the cut into this shot stood out (the frame change over its neighbourhood's
 *                   median, see the detector); null for the first shot, which no cut opens
 */
public record Shot(@JsonProperty("shot") int index, @JsonProperty("first_frame") long firstFrame,
    @JsonProperty("frame_count") long frameCount, @JsonProperty("cut_score") Double cutScore)
    implements Serializable {

  public Shot {
    if (index < 0 || firstFrame < 0 || frameCount <= 0) {
      throw new IllegalArgumentException("bad shot " + index + " [" + firstFrame + ", +" + frameCount + ")");
    }
  }

  /** One past the shot's last frame. */
  public long endFrame() {
    return firstFrame + frameCount;
  }
}
