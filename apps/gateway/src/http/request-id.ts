import { randomUUID } from 'node:crypto';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `x-request-id` when it is a sane token, so traces join up; otherwise a new `req_` id. */
export function requestIdFrom(header: string | undefined): string {
  if (header && ACCEPTABLE.test(header)) return header;
  return `req_${randomUUID().replaceAll('-', '')}`;
}
