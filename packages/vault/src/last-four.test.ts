import { describe, expect, it } from 'vitest';
import { lastFour } from './last-four';

describe('lastFour', () => {
  it('returns the last four characters of a key-sized secret', () => {
    expect(lastFour('sk-proj-abcdefghijklmnop1234')).toBe('1234');
  });

  it('reveals nothing of a secret shorter than twelve characters', () => {
    expect(lastFour('short-pass1')).toBe('');
    expect(lastFour('short-pass12')).toBe('ss12');
  });

  it('counts code points, so it never splits a character', () => {
    expect(lastFour('abcdefghijklmno😀')).toBe('mno😀');
  });
});
