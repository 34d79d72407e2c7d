import { describe, expect, it } from 'vitest';
import { splitIntoPieces } from './split-into-pieces';

describe('splitIntoPieces', () => {
  it('gives exactly count near-equal pieces that join back to the text', () => {
    const pieces = splitIntoPieces('abcdefghij', 3);
    expect(pieces).toEqual(['abc', 'defg', 'hij']);
    expect(pieces.join('')).toBe('abcdefghij');
  });

  it('pads with empty pieces when the text is shorter than count', () => {
    const pieces = splitIntoPieces('ab', 4);
    expect(pieces).toHaveLength(4);
    expect(pieces.join('')).toBe('ab');
  });

  it('never splits a surrogate pair', () => {
    const pieces = splitIntoPieces('😀😀😀', 3);
    expect(pieces).toEqual(['😀', '😀', '😀']);
  });

  it('returns no pieces for count 0', () => {
    expect(splitIntoPieces('text', 0)).toEqual([]);
  });
});
