const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether a JSON text nests arrays and objects deeper than `limit`, found by one scan of its
 * bytes before it is parsed: V8 parses 200,000 levels happily, then every recursive walk after it
 * (validation, JSON.stringify to the upstream) overflows the stack. Strings are skipped with
 * `indexOf` (native), so a body made mostly of message text costs little; brackets inside
 * strings do not count. Malformed text is left to JSON.parse to refuse.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  const length = bytes.length;
  // Deeper than `limit` needs more than `limit` opening brackets.
  if (length <= limit) return false;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, length);
  let depth = 0;
  let index = 0;
  while (index < length) {
    const byte = buffer[index]!;
    if (byte === QUOTE) {
      let close = index + 1;
      for (;;) {
        close = buffer.indexOf(QUOTE, close);
        if (close === -1) return false;
        let backslashes = 0;
        while (buffer[close - 1 - backslashes] === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        close++;
      }
      index = close + 1;
      continue;
    }
    if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth++;
      if (depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
    index++;
  }
  return false;
}
