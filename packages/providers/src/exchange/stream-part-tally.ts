import type { StreamPart, TokenUsage } from '@switchboard/protocol';
import type { UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';

/**
 * What the gateway reads from a stream's parts for billing and fallback: the last usage, whether
 * the answer finished or failed, and the text delivered. Shared by the translated and the
 * native stream translators so both read an answer the same way.
 */
export class StreamPartTally {
  usage: TokenUsage | undefined;
  done = false;
  upstreamError: UpstreamStreamError | undefined;
  /** The provider's id for its answer, from the first metadata part that names one. */
  upstreamId: string | undefined;
  readonly delivered = new SampledText();
  private ended = false;

  /** Reads the parts; returns those that belong to the answer (none after `finish` or `error`). */
  read(parts: readonly StreamPart[]): readonly StreamPart[] {
    if (this.ended) return [];
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index]!;
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta':
          this.delivered.add(part.text);
          break;
        case 'tool-call-delta':
          this.delivered.add(part.argumentsDelta);
          break;
        case 'usage':
          this.usage = part.usage;
          break;
        case 'metadata':
          this.upstreamId ??= part.id;
          break;
        case 'finish':
          this.done = true;
          break;
        case 'error':
          this.upstreamError = part.error;
          break;
      }
      if (part.type === 'finish' || part.type === 'error') {
        // Terminal: whatever a decoder emits after it is not part of this answer.
        this.ended = true;
        return parts.slice(0, index + 1);
      }
    }
    return parts;
  }
}
