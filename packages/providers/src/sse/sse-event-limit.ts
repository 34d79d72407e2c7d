/** The default longest SSE event, in characters (about 1 MiB of ASCII JSON). */
export const DEFAULT_SSE_EVENT_LIMIT = 1024 * 1024;

let limit = DEFAULT_SSE_EVENT_LIMIT;

/**
 * The longest SSE event a decoder buffers before it gives up on the stream. Process-wide, so the
 * gateway sets it once from its settings and every translator (whoever builds its decoder)
 * inherits it without the limit being threaded through each adapter.
 */
export function sseEventLimit(): number {
  return limit;
}

export function setSseEventLimit(characters: number): void {
  if (!Number.isInteger(characters) || characters < 1) throw new RangeError('the SSE event limit must be a positive integer');
  limit = characters;
}
