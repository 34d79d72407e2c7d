import { newId } from '@switchboard/protocol';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway's id for one request: the usage event's key and the `x-request-id` of the answer.
 * Always made here, never taken from the client, so no key holder can make two requests share a
 * usage row (and erase its spend) or collide with another key's request (DESIGN.md contract 2).
 */
export function newRequestId(): string {
  return newId('req');
}

/**
 * The client's own `x-request-id` when it is a sane token: echoed as `x-client-request-id` and
 * stored beside the gateway id, so the client's traces still join up. Anything else is ignored.
 */
export function clientRequestIdFrom(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : undefined;
}
