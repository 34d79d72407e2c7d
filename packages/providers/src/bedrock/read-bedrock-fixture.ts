import { readFileSync } from 'node:fs';
import { type EventStreamFrame, encodeEventStream } from './encode-event-stream';

/** A file from `__fixtures__/` as text. */
export function readBedrockFixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** A frames fixture encoded into event-stream bytes, as the latin1 text the gateway hands the decoder. */
export function readBedrockStreamFixture(name: string): string {
  return encodeEventStream(JSON.parse(readBedrockFixture(name)) as EventStreamFrame[]).toString('latin1');
}
