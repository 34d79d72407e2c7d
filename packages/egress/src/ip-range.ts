import type { IpAddress } from './ip-address';

/** A CIDR block: `value` is the first address, `prefixLength` the number of fixed leading bits. */
export interface IpRange extends IpAddress {
  prefixLength: number;
}

export function ipRangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.version !== address.version) return false;
  const hostBits = BigInt((address.version === 4 ? 32 : 128) - range.prefixLength);
  return (range.value ^ address.value) >> hostBits === 0n;
}
