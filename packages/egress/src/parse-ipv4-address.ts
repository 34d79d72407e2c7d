const HEX_PART = /^0x[0-9a-f]*$/i;
const OCTAL_PART = /^0[0-7]+$/;
const DECIMAL_PART = /^(?:0|[1-9][0-9]*)$/;

function parsePart(part: string): number | undefined {
  // A bare `0x` is zero to the WHATWG parser; matching it keeps us no more lenient than a URL.
  if (HEX_PART.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (OCTAL_PART.test(part)) return Number.parseInt(part.slice(1), 8);
  if (DECIMAL_PART.test(part)) return Number(part);
  return undefined;
}

/**
 * Reads an IPv4 address the way inet_aton and the WHATWG URL parser do: one to four parts, each
 * decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes. So
 * `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` all read as 127.0.0.1: every spelling a
 * resolver would connect to must be recognised, or it slips past the checks as "a name".
 * Returns the address as an unsigned 32-bit number, or undefined when the text is not IPv4.
 */
export function parseIpv4Address(text: string): number | undefined {
  const parts = text.split('.');
  // One trailing dot is allowed, as in a fully qualified name (`127.0.0.1.`).
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = parsePart(part);
    if (value === undefined) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop();
  if (last === undefined || numbers.some((value) => value > 255)) return undefined;
  if (last >= 256 ** (4 - numbers.length)) return undefined;
  return numbers.reduce((address, value, index) => address + value * 256 ** (3 - index), last);
}
