import type { StreamPartsDecoder, TokenUsage } from '@switchboard/protocol';
import type { StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { StreamPartTally } from './stream-part-tally';

/**
 * Native passthrough (the client speaks the upstream's own wire format): the upstream's bytes go
 * back as they came, while the format's parts decoder reads them on the side for what the
 * gateway needs (usage, a complete answer, an upstream error, the delivered text).
 */
export class NativeStreamTranslator implements StreamTranslator {
  private readonly tally = new StreamPartTally();

  constructor(private readonly decoder: StreamPartsDecoder) {}

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
    this.tally.read(this.decoder.push(text));
    return text;
  }

  end(): string {
    this.tally.read(this.decoder.end());
    return '';
  }
}
