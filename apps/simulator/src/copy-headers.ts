import type { IncomingHttpHeaders } from 'node:http';

/** Flattens Node's header object for the record: repeated headers joined with ", ". */
export function copyHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    copy[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return copy;
}
