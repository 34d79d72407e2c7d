import type { TokenUsage } from '@switchboard/protocol';
import type { StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { StreamPartTally } from './stream-part-tally';

/**
 * What every parts-reading translator tells the gateway (usage, completion, an upstream error,
 * the delivered text), read off one tally of the parts; subclasses decide what goes to the client.
 */
export abstract class TalliedStreamTranslator implements StreamTranslator {
  protected readonly tally = new StreamPartTally();

  get usage(): TokenUsage | undefined {
    return this.tally.usage;
  }

  get done(): boolean {
    return this.tally.done;
  }

  get upstreamError(): UpstreamStreamError | undefined {
    return this.tally.upstreamError;
  }

  get upstreamId(): string | undefined {
    return this.tally.upstreamId;
  }

  get deliveredCharacters(): number {
    return this.tally.delivered.characters;
  }

  get deliveredSample(): string {
    return this.tally.delivered.sample;
  }

  abstract push(text: string): string;
  abstract end(): string;
}
