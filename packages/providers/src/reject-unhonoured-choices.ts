import { type ChatCompletionRequest, invalidRequest } from '@switchboard/protocol';

/**
 * For wire formats that answer with one choice and no token log-probabilities: `n > 1`,
 * `logprobs` and `top_logprobs` are refused as a 400 naming the field, since answering with a
 * single choice (or none of the probabilities) would look like success to the client.
 */
export function rejectUnhonouredChoices(request: ChatCompletionRequest, providerName: string): void {
  if (typeof request.n === 'number' && request.n > 1) {
    throw invalidRequest(`'n' greater than 1 is not supported by ${providerName}; send one request per choice.`, 'n');
  }
  if (request.logprobs !== undefined && request.logprobs !== null && request.logprobs !== false) {
    throw invalidRequest(`'logprobs' is not supported by ${providerName}.`, 'logprobs');
  }
  const topLogprobs = request.top_logprobs;
  if (typeof topLogprobs === 'number' && topLogprobs > 0) {
    throw invalidRequest(`'top_logprobs' is not supported by ${providerName}.`, 'top_logprobs');
  }
}
