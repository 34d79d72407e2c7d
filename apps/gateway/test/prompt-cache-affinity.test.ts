import type { ChatMessage } from '@switchboard/protocol';
import { RouterState } from '@switchboard/router';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamAffinity } from '../src/routing/upstream-affinity';
import { type Harness, startHarness } from './gateway-harness';

// Three equal providers of one model, each playing its own prompt cache per key and reporting
// hits in its own wire field: DeepSeek's prompt_cache_hit_tokens, OpenAI's
// prompt_tokens_details.cached_tokens, Anthropic's cache_read_input_tokens.
const PROVIDERS = ['deepseek-a', 'openai-b', 'anthropic-c'] as const;
const SYSTEM = 'You are a coding agent. Use the tools to read and edit files. '.repeat(20);

interface ChatAnswer {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
}

/** Which provider served the latest request, by the simulator's request order. */
function servedBy(harness: Harness): string {
  let latest = { provider: '', sequence: -1 };
  for (const provider of PROVIDERS) {
    const last = harness.simulator.requests(provider).at(-1);
    if (last && last.sequence > latest.sequence) latest = { provider, sequence: last.sequence };
  }
  return latest.provider;
}

/** An agent loop: the whole conversation sent every turn, one tool result appended per turn. */
class Agent {
  readonly messages: ChatMessage[];
  readonly servers: string[] = [];
  readonly cachedTokens: number[] = [];

  constructor(
    private readonly harness: Harness,
    task: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.messages = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: task },
    ];
  }

  async turn(index: number): Promise<Response> {
    const response = await this.harness.post(
      '/v1/chat/completions',
      { model: 'agent-model', messages: this.messages, max_tokens: 200 },
      this.headers,
    );
    if (response.status !== 200) return response;
    const answer = (await response.clone().json()) as ChatAnswer;
    this.servers.push(servedBy(this.harness));
    this.cachedTokens.push(answer.usage.prompt_tokens_details?.cached_tokens ?? 0);
    this.messages.push(
      { role: 'assistant', content: answer.choices[0]!.message.content },
      { role: 'user', content: `Tool result ${index}: ${'file contents '.repeat(30)}` },
    );
    return response;
  }

  hitRate(fromTurn = 1): number {
    const turns = this.cachedTokens.slice(fromTurn);
    return turns.filter((cached) => cached > 0).length / turns.length;
  }
}

describe('prompt-cache affinity', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'deepseek-a', format: 'openai', models: [{ id: 'agent-model', upstream: 'deepseek-chat', price: PRICE }] },
        { id: 'openai-b', format: 'openai', models: [{ id: 'agent-model', upstream: 'gpt-5-mini', price: PRICE }] },
        { id: 'anthropic-c', format: 'anthropic', models: [{ id: 'agent-model', upstream: 'claude-sonnet-4-5', price: PRICE }] },
      ].map((provider) => ({ ...provider, format: provider.format as 'openai' | 'anthropic', behaviour: { promptCache: true } })),
      { settings: { circuitBreaker: { consecutiveFailures: 1, errorRateThreshold: 1, cooldownMs: 60_000 } } },
    );
  });
  afterAll(() => harness?.close());
  beforeEach(() => {
    harness.gateway.context.affinity = new UpstreamAffinity();
    harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
    for (const provider of PROVIDERS) {
      harness.simulator.setBehaviour(provider, { errorStatus: null });
      harness.simulator.clearRequests(provider);
    }
  });

  it('keeps 50 growing turns of an agent on one provider, above 90% cache hits, and moves once when its breaker opens', async () => {
    const agent = new Agent(harness, 'Fix the failing test in src/parser.ts.');
    for (let index = 0; index < 50; index++) expect((await agent.turn(index)).status).toBe(200);
    const home = agent.servers[0]!;
    expect(new Set(agent.servers)).toEqual(new Set([home]));
    expect(agent.hitRate()).toBeGreaterThan(0.9);
    // Whole answers say what the cache saved (cached tokens at 0.03 instead of 0.30 per 1M).
    const priced = await agent.turn(50);
    const saved = Number(priced.headers.get('x-switchboard-cache-savings'));
    // Each cost is rounded to a whole micro-dollar, so the difference is within 1 µ$ of the exact figure.
    expect(Math.abs(saved - (agent.cachedTokens.at(-1)! * (0.3 - 0.03)) / 1_000_000)).toBeLessThan(0.0000011);
    expect(saved).toBeGreaterThan(0);
    // The cached prefix grows with the conversation, as the provider reported it.
    expect(agent.cachedTokens.at(-1)!).toBeGreaterThan(agent.cachedTokens[1]!);

    // The home provider fails: the breaker opens and the conversation moves once, then stays.
    harness.simulator.setBehaviour(home, { errorStatus: 503 });
    for (let index = 51; index < 61; index++) expect((await agent.turn(index)).status).toBe(200);
    const moved = agent.servers.slice(51);
    expect(moved[0]).not.toBe(home);
    expect(new Set(moved)).toEqual(new Set([moved[0]]));
    // Cold on the new provider for one turn, warm again after.
    expect(agent.cachedTokens[51]).toBe(0);
    expect(agent.hitRate(52)).toBe(1);
    // One failed call on the old home: the open breaker kept the rest away.
    expect(harness.simulator.requests(home).filter((request) => request.status === 503)).toHaveLength(1);
  }, 60_000);

  it('keeps each of several interleaved conversations on its own provider, and names the warm account in the explanation', async () => {
    const agents = Array.from({ length: 6 }, (_, index) => new Agent(harness, `Task number ${index}: refactor module ${index}.`));
    for (let turn = 0; turn < 5; turn++) for (const agent of agents) expect((await agent.turn(turn)).status).toBe(200);
    for (const agent of agents) expect(new Set(agent.servers).size).toBe(1);
    // Where each first turn goes is the balanced policy's draw (spread is tested with the router);
    // from then on each conversation stays where it started.

    // A first turn routes freely (identical one-shot prompts must spread); a continuing one is pinned.
    const explained = await harness.post(
      '/v1/chat/completions',
      { model: 'agent-model', messages: agents[0]!.messages, max_tokens: 200 },
      { 'x-switchboard-debug': '1' },
    );
    const trace = ((await explained.json()) as { switchboard: { routing: unknown } }).switchboard.routing as {
      affinity?: { providerId: string; cachedShare: number };
      attempts: { provider: string; reason: string; expectedCostMicros: number; listCostMicros: number }[];
    };
    expect(trace.affinity?.providerId).toBe(agents[0]!.servers[0]);
    expect(trace.attempts[0]).toMatchObject({ provider: agents[0]!.servers[0], reason: 'affinity' });
    expect(trace.attempts[0]!.expectedCostMicros).toBeLessThan(trace.attempts[0]!.listCostMicros);
  }, 60_000);

  it('keys a conversation by its session header when the lead messages differ', async () => {
    const first = new Agent(harness, 'First task.', { 'x-claude-code-session-id': 'session-42' });
    await first.turn(0);
    const second = new Agent(harness, 'A different opening message.', { 'x-claude-code-session-id': 'session-42' });
    for (let turn = 0; turn < 5; turn++) await second.turn(turn);
    expect(new Set(second.servers)).toEqual(new Set([first.servers[0]]));
  });
});

const PRICE = { input: 0.3, cachedInput: 0.03, output: 1.2 };
