import type { IncomingMessage } from 'node:http';

/** Bodies beyond this are refused; real providers stop well before (Anthropic at 32 MB). */
const MAXIMUM_BODY_CHARACTERS = 64 * 1024 * 1024;

/**
 * Reads the whole request body as text and hands it to `done`; `undefined` when the request has
 * none. Callback style so the hot path allocates no promise.
 */
export function readBody(request: IncomingMessage, done: (text: string | undefined) => void, tooLarge: () => void): void {
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    done(undefined);
    return;
  }
  let text = '';
  let refused = false;
  request.setEncoding('utf8');
  request.on('data', (piece: string) => {
    if (refused) return;
    text += piece;
    if (text.length > MAXIMUM_BODY_CHARACTERS) {
      refused = true;
      tooLarge();
    }
  });
  request.on('end', () => {
    if (!refused) done(text.length === 0 ? undefined : text);
  });
}
