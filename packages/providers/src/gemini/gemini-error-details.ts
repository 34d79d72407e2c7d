import { describeHttpStatus } from '../describe-http-status';
import type { UpstreamErrorDetails } from '../provider-adapter';
import { readGeminiError } from './read-gemini-error';

/** The message of a Gemini error body; HTML pages and empty bodies from proxies get the status text. */
export function geminiErrorDetails(status: number, body: string): UpstreamErrorDetails {
  try {
    const details = readGeminiError(JSON.parse(body));
    if (details) return details;
  } catch {
    // Not JSON: fall through to the status text.
  }
  return { message: `Gemini: ${describeHttpStatus(status)}` };
}
