import { describe, expect, it } from 'vitest';
import { containsSecret, redactAnswer, redactSecret } from './redact-secret';

const SECRET = 'sk-proj-Abc123/def+456=xyz';

describe('redactSecret', () => {
  it.each([
    ['as sent', SECRET],
    ['upper-cased', SECRET.toUpperCase()],
    ['lower-cased', SECRET.toLowerCase()],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['URL-encoded, lower-case escapes', encodeURIComponent(SECRET).toLowerCase()],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ])('removes the key %s', (_name, spelling) => {
    const redacted = redactSecret(`Incorrect API key provided: ${spelling}. See docs.`, SECRET);
    expect(redacted).not.toContain(spelling.replace(/=+$/, ''));
    expect(redacted).toContain('[redacted]');
    expect(redacted).toMatch(/^Incorrect API key provided: \[redacted\]=*\. See docs\.$/);
  });

  it('removes every occurrence and leaves other text alone', () => {
    expect(redactSecret(`${SECRET} and Bearer ${SECRET}`, SECRET)).toBe('[redacted] and Bearer [redacted]');
    expect(redactSecret('nothing to hide here', SECRET)).toBe('nothing to hide here');
  });

  it('leaves text alone for keys too short to be told from ordinary words', () => {
    expect(redactSecret('the key abc was refused', 'abc')).toBe('the key abc was refused');
  });

  it('removes the secret pieces of a compound key (a Bedrock key pair, a service account) in every spelling', () => {
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const stored = `AKIAIOSFODNN7EXAMPLE:${secretAccessKey}`;
    const echoed = `The signature for ${secretAccessKey} and ${encodeURIComponent(secretAccessKey)} does not match`;
    expect(redactSecret(echoed, stored)).toBe(echoed);
    expect(redactSecret(echoed, stored, [secretAccessKey])).toBe('The signature for [redacted] and [redacted] does not match');
  });
});

describe('containsSecret and redactAnswer', () => {
  it.each([
    ['as sent', SECRET],
    ['upper-cased', SECRET.toUpperCase()],
    ['mixed case', 'sK-PrOj-aBC123/DEF+456=XyZ'],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ])('finds and redacts the key %s in a success body', (_name, spelling) => {
    const body = JSON.stringify({ choices: [{ message: { content: `Your header was: Bearer ${spelling}` } }] });
    expect(containsSecret(body, SECRET)).toBe(true);
    const redacted = redactAnswer(body, SECRET);
    expect(redacted).not.toContain(spelling.replace(/=+$/, ''));
    expect(redacted).toContain('[redacted]');
    expect(() => JSON.parse(redacted)).not.toThrow();
  });

  it('returns a body without the key as the very same string', () => {
    const body = JSON.stringify({ choices: [{ message: { content: 'nothing to hide'.repeat(100) } }] });
    expect(containsSecret(body, SECRET)).toBe(false);
    expect(redactAnswer(body, SECRET)).toBe(body);
    expect(containsSecret('sk-abc is short', 'sk-abc')).toBe(false);
  });
});
