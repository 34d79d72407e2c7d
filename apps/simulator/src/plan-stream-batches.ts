/** One event of a streamed answer, already in its wire text. */
export interface StreamFrame {
  text: string;
  /** Carries a piece of the answer (text, reasoning or tool arguments). */
  content: boolean;
  /** Carries the final usage report. */
  usage: boolean;
}

/** What goes out in one write. */
export interface StreamBatch {
  text: string;
  contentCount: number;
  carriesUsage: boolean;
}

export interface StreamBatchPlan {
  batches: StreamBatch[];
  /** The socket is destroyed after the last batch instead of ending the response. */
  cut: boolean;
}

function emptyBatch(): StreamBatch {
  return { text: '', contentCount: 0, carriesUsage: false };
}

/**
 * Groups frames into timed writes: the first write holds everything up to and including the first
 * content frame (it goes out at ttft), every later content frame starts a new write (one chunk gap
 * later), and frames between content frames ride along with the content before them. With
 * `cutAfterChunks`, the plan stops right after that many content frames. `single` (no chunk gap)
 * folds everything into one write.
 */
export function planStreamBatches(frames: StreamFrame[], cutAfterChunks: number | null, single: boolean): StreamBatchPlan {
  const batches: StreamBatch[] = [];
  let current = emptyBatch();
  let contentSeen = 0;
  const cutAt = cutAfterChunks === null ? -1 : Math.max(0, Math.floor(cutAfterChunks));
  let cut = false;
  for (const frame of frames) {
    if (frame.content) {
      if (contentSeen === cutAt) {
        cut = true;
        break;
      }
      if (contentSeen > 0 && !single) {
        batches.push(current);
        current = emptyBatch();
      }
      contentSeen++;
      current.contentCount++;
    }
    current.text += frame.text;
    if (frame.usage) current.carriesUsage = true;
    if (frame.content && contentSeen === cutAt) {
      cut = true;
      break;
    }
  }
  batches.push(current);
  return { batches, cut };
}
