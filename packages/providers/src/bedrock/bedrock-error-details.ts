import { describeHttpStatus } from '../describe-http-status';
import type { UpstreamErrorDetails } from '../provider-adapter';
import type { BedrockErrorBody } from './bedrock-api';

// Bedrock's own words for a prompt beyond the model's window (a ValidationException, 400).
const CONTEXT_LENGTH = /too long|too many (input )?tokens|context (length|window)|input length|prompt is too long/i;

/**
 * Bedrock answers `{"message": "..."}` with the exception's name in the `x-amzn-ErrorType`
 * header (which the gateway does not pass here) and sometimes in `__type`. The status already
 * says most (ThrottlingException and ModelNotReadyException 429, ServiceUnavailableException
 * 503, ModelTimeoutException 408: retryable; ValidationException 400: the client's).
 * AccessDeniedException (403) is the gateway's key lacking permission or model access, which
 * another key or provider can serve: it is classified as a refused key (401), not as the
 * client's 403. A prompt too long for the model becomes `context_length_exceeded`.
 */
export function bedrockErrorDetails(status: number, body: string): UpstreamErrorDetails {
  let parsed: BedrockErrorBody | undefined;
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === 'object' && value !== null) parsed = value as BedrockErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status text only.
  }
  const message = parsed?.message ?? parsed?.Message;
  if (typeof message !== 'string' || message.length === 0) return { message: `Bedrock: ${describeHttpStatus(status)}` };
  const type = typeof parsed?.__type === 'string' ? parsed.__type.split('#').at(-1) : undefined;
  if (status === 403 || type === 'AccessDeniedException' || type === 'UnrecognizedClientException') {
    return { message, type: type ?? 'AccessDeniedException', classifyAs: 401 };
  }
  if (status === 400 && CONTEXT_LENGTH.test(message)) {
    return { message, type: type ?? 'ValidationException', code: 'context_length_exceeded' };
  }
  // ModelErrorException (424): the model failed on this request; another provider may not.
  if (status === 424) return { message, type: type ?? 'ModelErrorException', classifyAs: 502 };
  return type ? { message, type } : { message };
}
