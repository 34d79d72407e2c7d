import { readFileSync } from 'node:fs';

/** A file from `__fixtures__/`, byte for byte (the SSE fixtures keep Google's CRLF framing). */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}
