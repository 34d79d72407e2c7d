import type { Endpoint } from '../wire/wire-dialect';

/** A fixed model list: enough for health probes and clients that list models first. */
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'deepseek-chat', 'deepseek-reasoner'];

/** `GET /models`. Does not use up a failFirst budget, so probes cannot change a test's fault plan. */
export const openAIModelsEndpoint: Endpoint = {
  countsTowardFaults: false,

  wantsStream() {
    return false;
  },

  problem() {
    return undefined;
  },

  answer(call) {
    const { exchange, provider } = call;
    const created = 1_700_000_000;
    const body = JSON.stringify({
      object: 'list',
      data: MODELS.map((id) => ({ id, object: 'model', created, owned_by: `simulator-${provider.id}` })),
    });
    exchange.after(provider.behaviour.latencyMs, () => exchange.sendJson(200, body, call.headers, null));
  },
};
