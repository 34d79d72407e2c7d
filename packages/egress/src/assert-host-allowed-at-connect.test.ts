import { describe, expect, it } from 'vitest';
import { assertHostAllowedAtConnect } from './assert-host-allowed-at-connect';
import { EgressBlockedError } from './egress-blocked-error';
import { type EgressPolicy, parseAllowedHosts } from './egress-policy';

const strict: EgressPolicy = { allowedHosts: [] };

function blockedError(url: string, policy: EgressPolicy = strict): EgressBlockedError {
  try {
    assertHostAllowedAtConnect(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(EgressBlockedError);
    return error as EgressBlockedError;
  }
  throw new Error(`${url} was allowed`);
}

describe('assertHostAllowedAtConnect', () => {
  it.each([
    ['http://10.0.0.5:8000', 'private'],
    ['https://2130706433', 'loopback'],
    ['https://[::ffff:7f00:1]', 'loopback'],
    ['http://169.254.169.254', 'cloud-metadata'],
    ['https://[fd00:ec2::254]', 'cloud-metadata'],
    ['http://localhost:11434', 'internal-name'],
    ['https://metadata.google.internal', 'internal-name'],
  ])('refuses %s (%s) with code EGRESS_BLOCKED', (url, category) => {
    const error = blockedError(url);
    expect(error.code).toBe('EGRESS_BLOCKED');
    expect(error.category).toBe(category);
    expect(error.message).toContain(`(${category})`);
    expect(error.message).toContain(new URL(url).hostname);
  });

  it('accepts a URL object', () => {
    expect(() => assertHostAllowedAtConnect(new URL('https://10.0.0.5/v1'), strict)).toThrow(EgressBlockedError);
    expect(() => assertHostAllowedAtConnect(new URL('https://api.deepseek.com/v1'), strict)).not.toThrow();
  });

  it('lets public hosts and ordinary names through; their addresses are the lookup’s job', () => {
    expect(() => assertHostAllowedAtConnect('https://93.184.215.14', strict)).not.toThrow();
    expect(() => assertHostAllowedAtConnect('https://rebind.example.com', strict)).not.toThrow();
  });

  it('lets allowed hosts through, on their port', () => {
    const policy: EgressPolicy = { allowedHosts: parseAllowedHosts('localhost:11434,10.0.0.0/8') };
    expect(() => assertHostAllowedAtConnect('http://localhost:11434', policy)).not.toThrow();
    expect(() => assertHostAllowedAtConnect('http://10.9.9.9:8000', policy)).not.toThrow();
    expect(blockedError('http://localhost:11435', policy).category).toBe('internal-name');
  });
});
