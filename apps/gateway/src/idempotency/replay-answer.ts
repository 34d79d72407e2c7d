import type { ServerResponse } from 'node:http';
import type { RequestRecord } from '../app/request-record';
import type { StoredAnswer } from './idempotency-store';

/**
 * A kept answer as it was sent, under this request's own id (an idempotent replay, a response
 * cache hit: the caller sets the outcome). No provider is called: recorded at zero cost, so the
 * replay shows in usage and is never billed. A stream kept piece by piece is written piece by
 * piece, with its original chunking.
 */
export function replayAnswer(
  outgoing: ServerResponse,
  record: RequestRecord,
  answer: StoredAnswer,
  extraHeaders: Record<string, string>,
): void {
  record.replayOf = answer.requestId;
  record.requestedModel = answer.requestedModel;
  record.servedModelId = answer.servedModel;
  record.stream = answer.stream;
  record.admitted = true;
  const headers: Record<string, string> = {
    ...answer.headers,
    'x-request-id': record.requestId,
    ...extraHeaders,
    'x-switchboard-replay-of': answer.requestId,
  };
  if (answer.headers['content-type']?.startsWith('application/json')) {
    headers['content-length'] = String(Buffer.byteLength(answer.body));
  }
  if (record.route === 'messages') headers['request-id'] = record.requestId;
  outgoing.writeHead(answer.status, headers);
  if (answer.chunks && answer.chunks.length > 1) {
    for (const chunk of answer.chunks) outgoing.write(chunk);
    outgoing.end();
  } else outgoing.end(answer.body);
}
