import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { countAnthropicInput } from './count-anthropic-input';

/** Messages fields the real counter refuses ("Extra inputs are not permitted"). */
const REFUSED_FIELDS = ['max_tokens', 'stream', 'metadata', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'service_tier'];

/**
 * `POST /v1/messages/count_tokens`: `{"input_tokens": N}`, N counted by the same rule as the
 * messages endpoint's usage (or the behaviour's `inputTokens`), so a test can compare the two.
 */
export const anthropicCountTokensEndpoint: Endpoint = {
  countsTowardFaults: true,

  wantsStream() {
    return false;
  },

  problem(call) {
    const body = call.body;
    if (!isRecord(body)) return 'The request body must be a JSON object.';
    if (typeof body.model !== 'string') return 'model: Field required';
    if (!Array.isArray(body.messages)) return 'messages: Field required';
    if (body.messages.length === 0) return 'messages: at least one message is required';
    const refused = REFUSED_FIELDS.find((field) => field in body);
    return refused === undefined ? undefined : `${refused}: Extra inputs are not permitted`;
  },

  answer(call) {
    const { exchange, provider } = call;
    const body = call.body as Record<string, unknown>;
    const behaviour = provider.behaviour;
    const inputTokens = behaviour.inputTokens ?? countAnthropicInput(body.system, body.messages as unknown[]);
    // Counting is free: nothing billable is recorded as sent.
    exchange.after(behaviour.latencyMs, () =>
      exchange.sendJson(200, JSON.stringify({ input_tokens: inputTokens }), call.headers, null),
    );
  },
};
