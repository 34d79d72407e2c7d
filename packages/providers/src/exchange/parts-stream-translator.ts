import type { StreamPart, StreamPartsDecoder, SurfaceStreamWriter, TokenUsage } from '@switchboard/protocol';
import type { StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { StreamPartTally } from './stream-part-tally';

/**
 * A translated stream: the adapter's decoder turns the provider's events into parts and the
 * surface's writer turns parts into the client's events. What the gateway reads for billing
 * and fallback (usage, completion, errors, delivered text) is taken from the parts on the way.
 */
export class PartsStreamTranslator implements StreamTranslator {
  private readonly tally = new StreamPartTally();

  constructor(
    private readonly decoder: StreamPartsDecoder,
    private readonly writer: SurfaceStreamWriter,
  ) {}

  get usage(): TokenUsage | undefined {
    return this.tally.usage;
  }

  get done(): boolean {
    return this.tally.done;
  }

  get upstreamError(): UpstreamStreamError | undefined {
    return this.tally.upstreamError;
  }

  get deliveredCharacters(): number {
    return this.tally.delivered.characters;
  }

  get deliveredSample(): string {
    return this.tally.delivered.sample;
  }

  push(text: string): string {
    return this.write(this.decoder.push(text));
  }

  end(): string {
    return this.write(this.decoder.end());
  }

  private write(parts: readonly StreamPart[]): string {
    const kept = this.tally.read(parts);
    return kept.length === 0 ? '' : this.writer.write(kept);
  }
}
