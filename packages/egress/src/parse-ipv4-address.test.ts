import { describe, expect, it } from 'vitest';
import { parseIpv4Address } from './parse-ipv4-address';

const LOOPBACK = 0x7f000001;

describe('parseIpv4Address', () => {
  it.each([
    ['127.0.0.1', 'dotted decimal'],
    ['2130706433', 'one decimal number'],
    ['0x7f000001', 'one hex number'],
    ['017700000001', 'one octal number'],
    ['0x7f.1', 'hex then the remaining three bytes'],
    ['0177.0.0.1', 'an octal part'],
    ['0177.0.0.01', 'octal parts'],
    ['127.000.000.001', 'zero-padded parts (octal zeros)'],
    ['127.1', 'two parts'],
    ['127.0.1', 'three parts'],
    ['0x7F.0x0.0x0.0x1', 'upper-case hex parts'],
    ['127.0.0.1.', 'a trailing dot'],
  ])('reads %s (%s) as 127.0.0.1', (text) => {
    expect(parseIpv4Address(text)).toBe(LOOPBACK);
  });

  it('reads the ends of the range', () => {
    expect(parseIpv4Address('0')).toBe(0);
    expect(parseIpv4Address('0.0.0.0')).toBe(0);
    expect(parseIpv4Address('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4Address('4294967295')).toBe(0xffffffff);
    expect(parseIpv4Address('169.254.169.254')).toBe(0xa9fea9fe);
  });

  it.each([
    '',
    '.',
    '256.0.0.1',
    '1.2.3.4.5',
    '4294967296',
    '1.16777216',
    '1.2.65536',
    '08.0.0.1',
    '1..2',
    '1.2.3.4..',
    'example.com',
    '1.2.3.4.example.com',
    '::1',
    '-1.0.0.0',
    '1.2.3.+4',
    ' 127.0.0.1',
  ])('refuses %j', (text) => {
    expect(parseIpv4Address(text)).toBeUndefined();
  });
});
