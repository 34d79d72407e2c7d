/**
 * The largest output limit a chat-shaped request forwards. Chat Completions carries both
 * `max_tokens` and `max_completion_tokens` and a provider may honour either, so a reservation
 * must cover the larger; the decoders map Messages' `max_tokens` and Responses'
 * `max_output_tokens` onto `max_tokens`. Undefined when the request sets none. Values are
 * already validated (positive integers within NUMERIC_FIELD_BOUNDS.outputTokens).
 */
export function largestOutputLimit(request: {
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
}): number | undefined {
  const limits = [request.max_tokens, request.max_completion_tokens].filter(
    (limit): limit is number => typeof limit === 'number',
  );
  return limits.length === 0 ? undefined : Math.max(...limits);
}
