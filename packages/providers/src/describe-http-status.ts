import { STATUS_CODES } from 'node:http';

/** A short description of an upstream status when its body says nothing usable (HTML pages, empty). */
export function describeHttpStatus(status: number): string {
  return `upstream answered ${status} ${STATUS_CODES[status] ?? 'Unknown status'}`;
}
