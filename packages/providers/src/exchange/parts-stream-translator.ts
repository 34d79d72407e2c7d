import type { StreamPart, StreamPartsDecoder, SurfaceStreamWriter } from '@switchboard/protocol';
import { TalliedStreamTranslator } from './tallied-stream-translator';

/**
 * A translated stream: the adapter's decoder turns the provider's events into parts and the
 * surface's writer turns parts into the client's events. What the gateway reads for billing
 * and fallback (usage, completion, errors, delivered text) is taken from the parts on the way.
 */
export class PartsStreamTranslator extends TalliedStreamTranslator {
  constructor(
    private readonly decoder: StreamPartsDecoder,
    private readonly writer: SurfaceStreamWriter,
  ) {
    super();
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
