import type { StreamPart, StreamPartsDecoder, SurfaceStreamWriter, TokenUsage } from '@switchboard/protocol';
import type { StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';

/**
 * A translated stream: the adapter's decoder turns the provider's events into parts and the
 * surface's writer turns parts into the client's events. What the gateway reads for billing
 * and fallback (usage, completion, errors, delivered text) is taken from the parts on the way.
 */
export class PartsStreamTranslator implements StreamTranslator {
  usage: TokenUsage | undefined;
  done = false;
  upstreamError: UpstreamStreamError | undefined;
  private readonly delivered = new SampledText();
  private ended = false;

  constructor(
    private readonly decoder: StreamPartsDecoder,
    private readonly writer: SurfaceStreamWriter,
  ) {}

  get deliveredCharacters(): number {
    return this.delivered.characters;
  }

  get deliveredSample(): string {
    return this.delivered.sample;
  }

  push(text: string): string {
    return this.write(this.decoder.push(text));
  }

  end(): string {
    return this.write(this.decoder.end());
  }

  private write(parts: StreamPart[]): string {
    if (this.ended || parts.length === 0) return '';
    let kept = parts;
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
        kept = parts.slice(0, index + 1);
        break;
      }
    }
    return this.writer.write(kept);
  }
}
