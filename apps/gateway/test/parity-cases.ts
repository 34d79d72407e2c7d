import type { SimulatedBehaviour } from '@switchboard/simulator';
import { expect } from 'vitest';
import { type RequestOptions, type Surface, surfaceTable, type UpstreamFormat } from './surface-table';
import { eventually, type SwitchboardHarness } from './switchboard-harness';

/** One inbound surface in front of one upstream format: passthrough when they speak the same. */
export interface ParityCase {
  label: string;
  surface: Surface;
  upstream: UpstreamFormat;
  passthrough: boolean;
  /**
   * Whose id a whole answer carries: Messages writes `msg_<request id>` when it translates; Chat
   * Completions keeps the provider's id, relayed or converted (only its streamed chunks carry
   * `chatcmpl-<request id>`).
   */
  wholeBodyId: 'gateway' | 'provider';
  /** A short tag for provider and model names, unique per case. */
  tag: string;
}

const ADAPTER = { openai: 'openai-compatible', anthropic: 'anthropic' } as const;

/** Every surface in front of every upstream format the simulator plays for these suites. */
export const parityCases: readonly ParityCase[] = surfaceTable.flatMap((surface) =>
  (['openai', 'anthropic'] as const).map((upstream) => {
    const passthrough = (surface.name === 'chat') === (upstream === 'openai');
    return {
      label: `${surface.name} -> ${upstream} (${passthrough ? 'native' : 'translated'})`,
      surface,
      upstream,
      passthrough,
      wholeBodyId: surface.name === 'messages' && !passthrough ? ('gateway' as const) : ('provider' as const),
      tag: `${surface.name}-${upstream}`,
    };
  }),
);

export interface AnswerText {
  status: number;
  headers: Headers;
  text: string;
}

export async function send(
  harness: SwitchboardHarness,
  surface: Surface,
  key: string,
  model: string,
  options: RequestOptions = {},
  headers: Record<string, string> = {},
): Promise<AnswerText> {
  const response = await fetch(`${harness.url}${surface.path}`, {
    method: 'POST',
    headers: { ...surface.headers(key), ...headers },
    body: JSON.stringify(surface.body(model, options)),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * Adds a provider the simulator plays in `format`, through the admin API as an operator would,
 * with a key, serving `models` at the given prices (USD per 1M tokens).
 */
export async function addSimulatedProvider(
  harness: SwitchboardHarness,
  id: string,
  format: UpstreamFormat,
  models: { id: string; price?: { input: number; output: number; cachedInput?: number } }[],
  behaviour: Partial<SimulatedBehaviour> = {},
): Promise<void> {
  const { baseUrl } = harness.simulator.addProvider(id, format, behaviour);
  const created = await harness.admin('POST', '/admin/providers', { id, adapter: ADAPTER[format], baseUrl, models });
  expect(created.status, created.text).toBe(201);
  await harness.addKey(id, 'main', `sk-${id}-simulated`);
}

export interface Generation {
  id: string;
  client_request_id: string | null;
  model: string;
  served_model: string;
  provider_name: string | null;
  endpoint: string;
  streamed: boolean;
  outcome: string;
  attempts: number;
  tokens_prompt: number;
  tokens_completion: number;
  native_tokens_cached: number;
  usage_estimated: boolean;
  usage_estimated_reason: string | null;
  cost_micros: number;
  time_to_first_token: number | null;
  error_code: string | null;
}

export async function lookUpGeneration(
  harness: SwitchboardHarness,
  id: string,
  key = harness.apiKey,
): Promise<{ status: number; data?: Generation; error?: { code: string } }> {
  const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await response.json()) as { data?: Generation; error?: { code: string } };
  return { status: response.status, ...body };
}

/** The stored record, once the batcher has flushed it. */
export function storedGeneration(harness: SwitchboardHarness, id: string, key = harness.apiKey): Promise<Generation> {
  return eventually(async () => {
    const found = await lookUpGeneration(harness, id, key);
    return found.status === 200 ? found.data : undefined;
  });
}

/** The upstream requests one gateway request made (the gateway sends its id upstream). */
export function upstreamRequestsOf(harness: SwitchboardHarness, providerId: string, requestId: string) {
  return harness.simulator.requests(providerId).filter((request) => request.headers['x-request-id'] === requestId);
}
