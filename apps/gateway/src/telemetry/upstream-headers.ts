import type { RequestRecord } from '../app/request-record';

/** The gateway's own headers on every upstream request: its request id and, when there is one, the traceparent. */
export function upstreamHeaders(record: Pick<RequestRecord, 'requestId' | 'upstreamTraceparent'>): Record<string, string> {
  const traceparent = record.upstreamTraceparent;
  return traceparent === undefined ? { 'x-request-id': record.requestId } : { 'x-request-id': record.requestId, traceparent };
}
