import { describe, expect, it } from 'vitest';
import { type EgressPolicy, parseAllowedHosts } from './egress-policy';
import { validateProviderBaseUrl } from './validate-provider-base-url';

const strict: EgressPolicy = { allowedHosts: [] };

function reasonFor(raw: string, policy: EgressPolicy = strict): string {
  const verdict = validateProviderBaseUrl(raw, policy);
  if (verdict.ok) throw new Error(`${raw} was accepted`);
  return verdict.reason;
}

describe('validateProviderBaseUrl', () => {
  it('accepts a public https URL and returns it parsed', () => {
    const verdict = validateProviderBaseUrl('https://api.deepseek.com/v1', strict);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.url.href).toBe('https://api.deepseek.com/v1');
    expect(validateProviderBaseUrl('https://93.184.215.14:8443/v1?api-version=2024-10-21', strict).ok).toBe(true);
    expect(validateProviderBaseUrl('https://[2606:4700:4700::1111]/', strict).ok).toBe(true);
  });

  it('refuses what is not an absolute http or https URL', () => {
    expect(reasonFor('api.deepseek.com/v1')).toContain('is not an absolute URL');
    expect(reasonFor('')).toContain('is not an absolute URL');
    expect(reasonFor('ftp://files.example.com/')).toContain('not ftp');
    expect(reasonFor('file:///etc/passwd')).toContain('not file');
    expect(reasonFor('gopher://example.com/')).toContain('not gopher');
  });

  it('requires https unless the host is allowed', () => {
    expect(reasonFor('http://api.example.com/v1')).toBe('http is only allowed for hosts in EGRESS_ALLOWED_HOSTS; use https');
    expect(validateProviderBaseUrl('http://api.example.com/v1', { allowedHosts: parseAllowedHosts('api.example.com') }).ok).toBe(
      true,
    );
    // Allowed for another port only.
    expect(reasonFor('http://api.example.com/v1', { allowedHosts: parseAllowedHosts('api.example.com:8080') })).toContain(
      'http is only allowed',
    );
  });

  it('refuses credentials in the URL', () => {
    expect(reasonFor('https://user:secret@api.example.com/')).toContain('username or password');
    expect(reasonFor('https://user@api.example.com/')).toContain('username or password');
    expect(reasonFor('https://:secret@api.example.com/')).toContain('username or password');
  });

  it('refuses a fragment, even an empty one', () => {
    expect(reasonFor('https://api.example.com/v1#x')).toContain('fragment');
    expect(reasonFor('https://api.example.com/v1#')).toContain('fragment');
  });

  it('explains a refused address and how to allow it', () => {
    expect(reasonFor('https://127.0.0.1/v1')).toBe(
      '127.0.0.1 is a loopback address (127.0.0.0/8); add 127.0.0.1 to EGRESS_ALLOWED_HOSTS to allow a local server',
    );
    expect(reasonFor('http://127.0.0.1:11434/v1')).toContain('add 127.0.0.1:11434 to EGRESS_ALLOWED_HOSTS');
    expect(reasonFor('http://[::1]:8000/v1')).toContain('add [::1]:8000 to EGRESS_ALLOWED_HOSTS');
  });

  it('does not offer to allow a metadata service', () => {
    const reason = reasonFor('http://169.254.169.254/latest/meta-data/');
    expect(reason).toContain('cloud metadata service');
    expect(reason).toContain('must not point at it');
    expect(reason).not.toContain('add ');
  });

  describe('every spelling of a refused address', () => {
    it.each([
      ['http://127.0.0.1/', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://017700000001/', 'loopback'],
      ['http://0x7f.1/', 'loopback'],
      ['http://0177.0.0.1/', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://127.000.000.001/', 'loopback'],
      ['http://127.0.0.1./', 'loopback'],
      ['http://%31%32%37.0.0.1/', 'loopback'],
      ['http://１２７.０.０.１/', 'loopback'],
      ['https://[::1]/', 'loopback'],
      ['https://[0:0:0:0:0:0:0:1]/', 'loopback'],
      ['https://[::ffff:127.0.0.1]/', 'loopback'],
      ['https://[::ffff:7f00:1]/', 'loopback'],
      ['https://[::127.0.0.1]/', 'loopback'],
      ['https://[64:ff9b::127.0.0.1]/', 'loopback'],
      ['https://[2002:7f00:1::]/', 'loopback'],
      ['https://[0:0:0:0:0:ffff:a9fe:a9fe]/', 'cloud metadata'],
      ['https://169.254.169.254/', 'cloud metadata'],
      ['https://2852039166/', 'cloud metadata'],
      ['https://0xa9fea9fe/', 'cloud metadata'],
      ['https://[fd00:ec2::254]/', 'AWS metadata service over IPv6'],
      ['https://100.100.100.200/', 'Alibaba'],
      ['https://10.0.0.5/', 'private'],
      ['https://0x0a.5/', 'private'],
      ['https://172.16.3.4/', 'private'],
      ['https://192.168.0.1/', 'private'],
      ['https://[fd12::1]/', 'private'],
      ['https://169.254.1.1/', 'link-local'],
      ['https://[fe80::1]/', 'link-local'],
      ['https://0.0.0.0/', 'unspecified'],
      ['https://0/', 'unspecified'],
      ['https://[::]/', 'unspecified'],
      ['https://100.64.0.1/', 'carrier-grade NAT'],
      ['https://198.18.0.1/', 'benchmarking'],
      ['https://224.0.0.1/', 'multicast'],
      ['https://255.255.255.255/', 'broadcast'],
      ['https://240.0.0.1/', 'reserved'],
      ['https://192.0.2.1/', 'documentation'],
      ['https://[2001:db8::1]/', 'documentation'],
      ['https://[2001::1]/', 'Teredo'],
    ])('%s is refused as %s', (raw, words) => {
      expect(reasonFor(raw)).toContain(words);
    });

    it('refuses a zone id (the URL parser rejects it)', () => {
      expect(reasonFor('http://[fe80::1%eth0]/')).toContain('is not an absolute URL');
      expect(reasonFor('http://[fe80::1%25eth0]/')).toContain('is not an absolute URL');
    });
  });

  describe('internal names', () => {
    it.each([
      'http://localhost/',
      'https://localhost/',
      'https://LOCALHOST:8080/',
      'https://localhost./',
      'https://api.localhost/',
      'https://printer.local/',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://metadata.google.internal./',
      'https://metadata/',
      'https://metadata./',
      'https://nas.home.arpa/',
    ])('%s is refused', (raw) => {
      expect(reasonFor(raw)).toContain('EGRESS_ALLOWED_HOSTS');
    });

    it('suggests the exact entry to add', () => {
      expect(reasonFor('http://localhost:11434/v1')).toBe(
        'localhost is this machine; add localhost:11434 to EGRESS_ALLOWED_HOSTS to allow a local server',
      );
    });
  });

  describe('an allowed host', () => {
    const allowed: EgressPolicy = { allowedHosts: parseAllowedHosts('localhost:11434,127.0.0.1,[::1]:8000,ollama,10.0.0.0/8') };

    it.each([
      'http://localhost:11434/v1',
      'http://localhost.:11434/v1',
      'http://127.0.0.1:8080/v1',
      'http://2130706433:8080/v1',
      'http://127.1/v1',
      'http://[::1]:8000/v1',
      'http://ollama:11434/v1',
      'http://10.1.2.3:8000/v1',
      'https://[::ffff:10.1.2.3]/v1',
    ])('skips the address checks and allows http for %s', (raw) => {
      expect(validateProviderBaseUrl(raw, allowed)).toMatchObject({ ok: true });
    });

    it('is held to its port', () => {
      expect(reasonFor('http://localhost:8080/v1', allowed)).toContain('add localhost:8080 to EGRESS_ALLOWED_HOSTS');
      expect(reasonFor('http://[::1]:8001/v1', allowed)).toContain('loopback');
    });

    it('still refuses credentials and fragments', () => {
      expect(reasonFor('http://user:pass@localhost:11434/', allowed)).toContain('username or password');
      expect(reasonFor('http://localhost:11434/#x', allowed)).toContain('fragment');
    });
  });
});
