import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { Message } from '@smithy/types';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { sseEventLimit } from '../sse/sse-event-limit';
import { UpstreamAnswerTooLargeError } from '../upstream-answer-too-large-error';

/**
 * Splits `application/vnd.amazon.eventstream` bytes, arriving in pieces cut anywhere, into whole
 * messages, and decodes each with Smithy's codec (which checks both CRCs and parses the typed
 * headers). Only the framing is ours: the codec decodes one whole message at a time, and a
 * message says its own length in its first four bytes (big-endian total length). The gateway
 * hands a binary stream over as latin1 text (one character per byte, lossless); so does this.
 */
export class EventStreamFrames {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maximumMessageLength = sseEventLimit()) {}

  /** The whole messages now complete; throws on a corrupt frame (bad CRC) or an oversize one. */
  push(latin1: string): Message[] {
    const piece = Buffer.from(latin1, 'latin1');
    this.buffer = this.buffer.length === 0 ? piece : Buffer.concat([this.buffer, piece]);
    const messages: Message[] = [];
    while (this.buffer.length >= 4) {
      const total = this.buffer.readUInt32BE(0);
      if (total > this.maximumMessageLength)
        throw new UpstreamAnswerTooLargeError('event stream message', this.maximumMessageLength);
      if (this.buffer.length < total) break;
      messages.push(this.codec.decode(this.buffer.subarray(0, total)));
      this.buffer = this.buffer.subarray(total);
    }
    return messages;
  }

  /** Bytes of an unfinished message left when the stream closed (a cut stream). */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

/** A header's string value (`:event-type`, `:message-type`, `:exception-type`). */
export function headerText(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}
