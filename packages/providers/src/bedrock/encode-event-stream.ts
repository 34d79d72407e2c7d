import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { MessageHeaders } from '@smithy/types';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** One ConverseStream frame as the fixtures and the simulator write it. */
export interface EventStreamFrame {
  /** `event` for the stream's events, `exception` for the error frames. */
  messageType: 'event' | 'exception';
  /** The event type (`contentBlockDelta`) or the exception type (`throttlingException`). */
  type: string;
  payload: Record<string, unknown>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Frames -> the bytes of `application/vnd.amazon.eventstream` (Smithy's codec writes the
 * prelude, the typed headers and both CRCs), as latin1 text the way the gateway reads a binary
 * stream. For recorded-style fixtures and the simulator.
 */
export function encodeEventStream(frames: readonly EventStreamFrame[]): Buffer {
  return Buffer.concat(
    frames.map((frame) => {
      const headers: MessageHeaders = {
        ':message-type': { type: 'string', value: frame.messageType },
        [frame.messageType === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: frame.type },
        ':content-type': { type: 'string', value: 'application/json' },
      };
      return codec.encode({ headers, body: fromUtf8(JSON.stringify(frame.payload)) });
    }),
  );
}
