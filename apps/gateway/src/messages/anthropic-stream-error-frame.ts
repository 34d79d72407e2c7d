import { streamFailureDetails } from '../streams/stream-failure-details';

/**
 * Anthropic's terminal `error` event, for a stream that broke after the client got its first
 * byte: Claude Code and the Anthropic SDK raise it instead of taking the answer as complete.
 */
export function anthropicStreamErrorFrame(message: string, code: string): string {
  const { type } = streamFailureDetails(message, code);
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message } })}\n\n`;
}
