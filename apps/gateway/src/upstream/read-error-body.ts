import type { UpstreamResponse } from './upstream-client';

export const ERROR_BODY_LIMIT = 64 * 1024;

/** Reads at most 64 KiB of an error body: enough for any JSON error, bounded against a hostile upstream. */
export async function readErrorBody(body: UpstreamResponse['body']): Promise<string> {
  let text = '';
  try {
    body.setEncoding('utf8');
    for await (const piece of body) {
      text += piece as string;
      if (text.length > ERROR_BODY_LIMIT) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A broken error body still leaves the status to report.
  }
  return text.slice(0, ERROR_BODY_LIMIT);
}
