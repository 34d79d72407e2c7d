// The reflected IEEE 802.3 polynomial, as zlib, PNG and GitHub's token checksums use it.
const polynomial = 0xedb88320;

const table = buildTable();
const encoder = new TextEncoder();

function buildTable(): Uint32Array {
  const entries = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ polynomial : value >>> 1;
    entries[index] = value >>> 0;
  }
  return entries;
}

/** CRC-32 (IEEE) of `input` (a string is read as UTF-8), as an unsigned 32-bit number. */
export function crc32(input: string | Uint8Array): number {
  if (typeof input === 'string') {
    // Keys are ASCII, whose UTF-8 bytes are their character codes: checksum them without
    // encoding to a new buffer first (this runs on every authenticated request).
    let crc = 0xffffffff;
    for (let index = 0; index < input.length; index++) {
      const code = input.charCodeAt(index);
      if (code >= 0x80) return crc32(encoder.encode(input));
      crc = table[(crc ^ code) & 0xff]! ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
  }
  let crc = 0xffffffff;
  for (const byte of input) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
