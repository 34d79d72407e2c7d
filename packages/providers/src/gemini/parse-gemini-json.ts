import { UpstreamProtocolError } from '../upstream-protocol-error';

/** Parses a 2xx Gemini body, which is always one JSON object. */
export function parseGeminiJson<T>(body: string, what: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError(`Gemini returned a ${what} that is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UpstreamProtocolError(`Gemini returned a ${what} that is not a JSON object`);
  }
  return parsed as T;
}
