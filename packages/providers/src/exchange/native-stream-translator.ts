import { StringDecoder } from 'node:string_decoder';
import type { StreamPartsDecoder } from '@switchboard/protocol';
import { TalliedStreamTranslator } from './tallied-stream-translator';

/**
 * Native passthrough (the client speaks the upstream's own wire format): the upstream's bytes go
 * back as they came, while the format's parts decoder reads them on the side for what the
 * gateway needs (usage, a complete answer, an upstream error, the delivered text).
 */
export class NativeStreamTranslator extends TalliedStreamTranslator {
  /** Upstream pieces may arrive as bytes split inside a UTF-8 character: decoded across pieces. */
  private readonly utf8 = new StringDecoder('utf8');

  constructor(private readonly decoder: StreamPartsDecoder) {
    super();
  }

  push(piece: string | Buffer): string {
    const text = typeof piece === 'string' ? piece : this.utf8.write(piece);
    this.tally.read(this.decoder.push(text));
    return text;
  }

  end(): string {
    const rest = this.utf8.end();
    if (rest.length > 0) this.tally.read(this.decoder.push(rest));
    this.tally.read(this.decoder.end());
    return rest;
  }
}
