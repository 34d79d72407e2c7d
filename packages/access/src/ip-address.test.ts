import { describe, expect, it } from 'vitest';
import { formatIpAddress, isIpv4Mapped, parseIpAddress } from './ip-address';

const bytesOf = (text: string) => Array.from(parseIpAddress(text)?.bytes ?? []);

describe('parseIpAddress', () => {
  it('reads IPv4 as four bytes', () => {
    expect(parseIpAddress('192.0.2.1')).toEqual({ version: 4, bytes: new Uint8Array([192, 0, 2, 1]) });
    expect(bytesOf('0.0.0.0')).toEqual([0, 0, 0, 0]);
    expect(bytesOf('255.255.255.255')).toEqual([255, 255, 255, 255]);
  });

  it('reads IPv6 in every spelling to the same sixteen bytes', () => {
    const full = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    for (const spelling of ['2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:DB8:0:0:0:0:0:1', '2001:db8::0:1']) {
      expect(parseIpAddress(spelling), spelling).toEqual({ version: 6, bytes: new Uint8Array(full) });
    }
    expect(bytesOf('::')).toEqual(Array(16).fill(0));
    expect(bytesOf('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(bytesOf('1::')).toEqual([0, 1, ...Array(14).fill(0)]);
    expect(bytesOf('fe80::1%eth0')).toEqual([0xfe, 0x80, ...Array(13).fill(0), 1]);
    expect(bytesOf('::1.2.3.4')).toEqual([...Array(12).fill(0), 1, 2, 3, 4]);
    expect(bytesOf('64:ff9b::192.0.2.33')).toEqual([0, 0x64, 0xff, 0x9b, ...Array(8).fill(0), 192, 0, 2, 33]);
  });

  it('turns IPv4-mapped IPv6 into IPv4, in dotted or hex spelling', () => {
    for (const spelling of ['::ffff:192.0.2.1', '::FFFF:c000:201', '0:0:0:0:0:ffff:192.0.2.1']) {
      expect(parseIpAddress(spelling), spelling).toEqual({ version: 4, bytes: new Uint8Array([192, 0, 2, 1]) });
    }
    // IPv4-compatible (no ffff) is a different, deprecated form and stays IPv6.
    expect(parseIpAddress('::192.0.2.1')?.version).toBe(6);
  });

  it('refuses what is not one address', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.0.0.1',
      '01.2.3.4',
      '10.0.0.0/8',
      '::1/128',
      '1:2:3:4:5:6:7:8:9',
      'localhost',
      ' 1.2.3.4',
      '::g',
    ]) {
      expect(parseIpAddress(text), text).toBeUndefined();
    }
  });
});

describe('formatIpAddress', () => {
  it('writes the RFC 5952 canonical form', () => {
    const canonical = (text: string) => formatIpAddress(parseIpAddress(text)!);
    expect(canonical('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonical('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    // The longest run wins; the first of equal runs does.
    expect(canonical('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1');
    expect(canonical('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    // One zero group is not shortened.
    expect(canonical('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonical('::')).toBe('::');
    expect(canonical('::1')).toBe('::1');
    expect(canonical('fe80::')).toBe('fe80::');
    expect(canonical('10.1.2.3')).toBe('10.1.2.3');
    expect(canonical('::ffff:10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('isIpv4Mapped', () => {
  it('is true only inside ::ffff:0:0/96', () => {
    const bytes = (text: string) => parseIpAddress(text)!.bytes;
    expect(isIpv4Mapped(new Uint8Array([...Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]))).toBe(true);
    expect(isIpv4Mapped(bytes('::fffe:1.2.3.4'))).toBe(false);
    expect(isIpv4Mapped(bytes('1::ffff:1.2.3.4'))).toBe(false);
    expect(isIpv4Mapped(bytes('1.2.3.4'))).toBe(false);
  });
});
