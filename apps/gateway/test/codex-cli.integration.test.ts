import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { type RefusingProxy, startRefusingProxy } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEX_INSTALL_TIMEOUT_MS, installCodex, runCodex } from './run-codex';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// The real Codex CLI, end to end: `codex exec` runs a shell command through the gateway's
// Responses surface (gateway key, routing, usage events in Postgres), served by DeepSeek (an
// OpenAI-format provider without a Responses API, so every request is translated to Chat
// Completions) played by the simulator. Nothing may leave the machine: Codex's own traffic
// (plugin sync, analytics) goes to a proxy that refuses it.
const MODEL = 'deepseek-v4-flash';
const UPSTREAM_KEY = 'sk-deepseek-upstream';
const SECRET_LINE = 'The secret word is pelican.';
const NATIVE_MODEL = 'gpt-5.5';
const NATIVE_KEY = 'sk-openai-upstream';

let binary: string;
let harness: SwitchboardHarness;
let database: DatabaseHandle;
let proxy: RefusingProxy;
let work: string;

beforeAll(async () => {
  binary = await installCodex();
  proxy = await startRefusingProxy();
  work = await mkdtemp(join(tmpdir(), 'switchboard-codex-work-'));
  await writeFile(join(work, 'note.txt'), `${SECRET_LINE}\n`);
  harness = await startSwitchboardHarness();
  database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
  const { baseUrl } = harness.simulator.addProvider('deepseek', 'openai', {
    expectedKey: UPSTREAM_KEY,
    // Codex's shell tool (a function tool with a `cmd` string).
    toolCall: { name: 'exec_command', arguments: { cmd: 'cat note.txt' } },
    toolCallUntilResult: true,
  });
  const created = await harness.admin('POST', '/admin/providers', {
    id: 'deepseek',
    adapter: 'openai-compatible',
    baseUrl,
    models: [{ id: MODEL, price: { input: 0.14, output: 0.28 } }],
  });
  expect(created.status, created.text).toBe(201);
  await harness.addKey('deepseek', 'main', UPSTREAM_KEY);
  // An OpenAI-shaped provider that serves the Responses API itself: Codex's bodies pass through.
  const native = harness.simulator.addProvider('openai', 'openai', {
    expectedKey: NATIVE_KEY,
    toolCall: { name: 'exec_command', arguments: { cmd: 'cat note.txt' } },
    toolCallUntilResult: true,
  });
  const nativeCreated = await harness.admin('POST', '/admin/providers', {
    id: 'openai',
    adapter: 'openai-compatible',
    baseUrl: native.baseUrl,
    responsesApi: true,
    models: [{ id: NATIVE_MODEL, price: { input: 1.25, output: 10 } }],
  });
  expect(nativeCreated.status, nativeCreated.text).toBe(201);
  await harness.addKey('openai', 'main', NATIVE_KEY);
}, CODEX_INSTALL_TIMEOUT_MS + 60_000);
afterAll(async () => {
  await database?.close();
  await harness?.close();
  await proxy?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Waits for the request's usage record, then reads every row it has. */
async function usageRows(requestId: string): Promise<Record<string, unknown>[]> {
  await eventually(async () => {
    const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(requestId)}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    return response.status === 200 ? true : undefined;
  });
  // A few batcher flush intervals, so a second record would have landed too.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return queryRows<Record<string, unknown>>(
    database.db,
    sql`select requested_model, model, provider_id, endpoint, stream, outcome, input_tokens, output_tokens, estimated from usage_events where request_id = ${requestId}`,
  );
}

describe('Codex CLI through the gateway on a DeepSeek model', () => {
  it('completes codex exec with a shell tool call, translated to Chat Completions', async () => {
    harness.simulator.clearRequests('deepseek');
    const run = await runCodex({
      binary,
      baseUrl: `${harness.url}/v1`,
      apiKey: harness.apiKey,
      model: MODEL,
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      proxy,
      // A translated provider cannot run OpenAI's hosted web search, which Codex asks for by default.
      extraConfig: ['web_search = "disabled"'],
    });
    expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);

    // The command really ran, in the work folder, and its output made the round trip.
    const command = run.events.find((event) => event.type === 'item.completed' && event.item?.type === 'command_execution');
    expect(command?.item).toMatchObject({ status: 'completed', exit_code: 0 });
    expect(command!.item!.command).toContain('cat note.txt');
    expect(command!.item!.aggregated_output).toBe(`${SECRET_LINE}\n`);
    // The simulator quotes the tool result it received.
    expect(run.finalMessage).toContain(SECRET_LINE);
    expect(run.events.at(-1)).toMatchObject({ type: 'turn.completed' });

    const [asked, answered, ...rest] = harness.simulator.requests('deepseek');
    expect(rest).toEqual([]);
    for (const sent of [asked!, answered!]) {
      expect(sent).toMatchObject({ path: '/p/deepseek/v1/chat/completions', outcome: 'completed', stream: true });
      expect(sent.body).toMatchObject({ model: MODEL });
      expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    }
    // Codex's function tools reached DeepSeek as functions (its namespaced ones flattened).
    const tools = (asked!.body as { tools: { type: string; function: { name: string } }[] }).tools;
    const names = tools.map((tool) => tool.function.name);
    expect(names).toContain('exec_command');
    expect(names).toContain('multi_agent_v1__spawn_agent');
    // Codex's developer messages and prompt became system/developer messages before the user turn.
    const firstMessages = (asked!.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(JSON.stringify(firstMessages.at(-1))).toContain('What is the secret word in note.txt?');
    // The second request carries the call and the command's output as a tool message.
    const messages = (
      answered!.body as {
        messages: {
          role: string;
          content: unknown;
          tool_call_id?: string;
          tool_calls?: { id: string; function: { name: string } }[];
        }[];
      }
    ).messages;
    const call = messages.find((message) => message.tool_calls !== undefined);
    expect(call!.tool_calls![0]).toMatchObject({ id: `call_sim${asked!.sequence}`, function: { name: 'exec_command' } });
    const toolMessage = messages.find((message) => message.role === 'tool');
    expect(toolMessage!.tool_call_id).toBe(`call_sim${asked!.sequence}`);
    expect(JSON.stringify(toolMessage!.content)).toContain(SECRET_LINE);

    // One usage event per Codex request, with what DeepSeek reported.
    for (const sent of [asked!, answered!]) {
      const requestId = sent.headers['x-request-id'];
      expect(requestId).toMatch(/^req_/);
      const rows = await usageRows(requestId!);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        requested_model: MODEL,
        model: MODEL,
        provider_id: 'deepseek',
        stream: true,
        outcome: 'success',
        input_tokens: sent.usageSent!.inputTokens,
        output_tokens: sent.usageSent!.outputTokens,
        estimated: false,
      });
      expect(String(rows[0]!.endpoint)).toContain('responses');
    }
    const turn = run.events.at(-1)!;
    expect(turn.usage!.output_tokens).toBe(asked!.usageSent!.outputTokens + answered!.usageSent!.outputTokens);

    // Codex tried to reach other hosts (plugin sync, analytics): every try was a tunnel the
    // proxy refused, and none was the model traffic, which went straight to the gateway.
    for (const attempt of proxy.attempts()) {
      expect(attempt.method).toBe('CONNECT');
      expect(attempt.target).not.toMatch(/^(127\.0\.0\.1|localhost)[:/]/);
    }
  }, 150_000);

  it("round-trips a thinking model's reasoning through Codex's replayed reasoning items", async () => {
    harness.simulator.clearRequests('deepseek');
    harness.simulator.setBehaviour('deepseek', { reasoning: 'Read the note first.' });
    try {
      const run = await runCodex({
        binary,
        baseUrl: `${harness.url}/v1`,
        apiKey: harness.apiKey,
        model: MODEL,
        prompt: 'What is the secret word in note.txt?',
        cwd: work,
        proxy,
        extraConfig: ['web_search = "disabled"'],
      });
      expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
      // DeepSeek's reasoning_content reached Codex as reasoning items, one per request.
      const reasoning = run.events.filter((event) => event.type === 'item.completed' && event.item?.type === 'reasoning');
      expect(reasoning.map((event) => event.item!.text)).toEqual(['Read the note first.', 'Read the note first.']);
      expect(run.finalMessage).toContain(SECRET_LINE);
      // Codex sent the reasoning item back with the call, and DeepSeek got it where it wants it
      // (thinking with tool calls needs the reasoning_content of the turn that made the call).
      const [, answered, ...rest] = harness.simulator.requests('deepseek');
      expect(rest).toEqual([]);
      const messages = (answered!.body as { messages: { role: string; tool_calls?: unknown[]; reasoning_content?: string }[] })
        .messages;
      const call = messages.find((message) => message.tool_calls !== undefined);
      expect(call).toMatchObject({ role: 'assistant', reasoning_content: 'Read the note first.' });
    } finally {
      harness.simulator.setBehaviour('deepseek', { reasoning: undefined });
    }
  }, 150_000);

  it('passes Codex through natively to a provider serving the Responses API, hosted tools included', async () => {
    harness.simulator.clearRequests('openai');
    const run = await runCodex({
      binary,
      baseUrl: `${harness.url}/v1`,
      apiKey: harness.apiKey,
      model: NATIVE_MODEL,
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      proxy,
    });
    expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.finalMessage).toContain(SECRET_LINE);

    const [asked, answered, ...rest] = harness.simulator.requests('openai');
    expect(rest).toEqual([]);
    for (const sent of [asked!, answered!]) {
      expect(sent).toMatchObject({ path: '/p/openai/v1/responses', outcome: 'completed', stream: true });
      expect(sent.headers.authorization).toBe(`Bearer ${NATIVE_KEY}`);
      // Codex's own fields went up as it sent them.
      expect(sent.body).toMatchObject({ model: NATIVE_MODEL, store: false, include: ['reasoning.encrypted_content'] });
      const tools = (sent.body as { tools: { type: string; name?: string }[] }).tools;
      // For a model it knows, Codex adds its free-form apply_patch (a lark grammar) and client-side tool search.
      expect(tools).toContainEqual(expect.objectContaining({ type: 'web_search' }));
      expect(tools).toContainEqual(expect.objectContaining({ type: 'tool_search', execution: 'client' }));
      expect(tools).toContainEqual(
        expect.objectContaining({
          type: 'custom',
          name: 'apply_patch',
          format: expect.objectContaining({ type: 'grammar', syntax: 'lark' }),
        }),
      );
    }
    const input = (answered!.body as { input: { type?: string; call_id?: string; output?: string }[] }).input;
    const output = input.find((item) => item.type === 'function_call_output');
    expect(output!.call_id).toBe(`call_sim${asked!.sequence}`);
    expect(output!.output).toContain(SECRET_LINE);

    for (const sent of [asked!, answered!]) {
      const rows = await usageRows(sent.headers['x-request-id']!);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        model: NATIVE_MODEL,
        provider_id: 'openai',
        outcome: 'success',
        input_tokens: sent.usageSent!.inputTokens,
        output_tokens: sent.usageSent!.outputTokens,
      });
    }
  }, 150_000);

  it('retries a turn whose stream broke: the gateway ends it with response.failed, never silently', async () => {
    harness.simulator.clearRequests('deepseek');
    // The first answer breaks after one chunk; once it has, DeepSeek answers normally again.
    harness.simulator.setBehaviour('deepseek', { cutAfterChunks: 1 });
    const healed = setInterval(() => {
      if (harness.simulator.requests('deepseek').some((request) => request.outcome === 'cut')) {
        harness.simulator.setBehaviour('deepseek', { cutAfterChunks: null });
      }
    }, 5);
    let run: Awaited<ReturnType<typeof runCodex>>;
    try {
      run = await runCodex({
        binary,
        baseUrl: `${harness.url}/v1`,
        apiKey: harness.apiKey,
        model: MODEL,
        prompt: 'What is the secret word in note.txt?',
        cwd: work,
        proxy,
        extraConfig: ['web_search = "disabled"'],
      });
    } finally {
      clearInterval(healed);
      harness.simulator.setBehaviour('deepseek', { cutAfterChunks: null });
    }
    expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.finalMessage).toContain(SECRET_LINE);
    // Codex saw the failure the gateway wrote (a stream merely ending would read "stream closed
    // before response.completed") and ran the turn again, once.
    const reconnects = run.events.filter((event) => event.type === 'error' && event.message?.startsWith('Reconnecting'));
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]!.message).not.toContain('closed before response.completed');
    expect(reconnects[0]!.message).toContain("Provider 'deepseek'");

    // Three requests upstream (the broken one, its retry, the turn after the tool), one usage record each.
    const sent = harness.simulator.requests('deepseek');
    expect(sent.map((request) => request.outcome)).toEqual(['cut', 'completed', 'completed']);
    const records: unknown[] = [];
    for (const request of sent) {
      const rows = await usageRows(request.headers['x-request-id']!);
      expect(rows).toHaveLength(1);
      records.push(rows[0]!.outcome);
    }
    expect(records).toEqual(['stream_interrupted', 'success', 'success']);
  }, 150_000);

  it('fails the turn on a used-up budget, and nothing reaches the provider', async () => {
    const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', {
      name: 'codex-tiny-budget',
      budgetUsd: 0.000001,
      budgetPeriod: 'total',
    });
    expect(created.status, created.text).toBe(201);
    harness.simulator.clearRequests('deepseek');
    const run = await runCodex({
      binary,
      baseUrl: `${harness.url}/v1`,
      apiKey: created.body.key,
      model: MODEL,
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      proxy,
      extraConfig: ['web_search = "disabled"'],
    });
    expect(run.exitCode).not.toBe(0);
    const failed = run.events.find((event) => event.type === 'turn.failed');
    expect(failed!.error!.message).toContain('402');
    expect(failed!.error!.message).toContain('budget');
    // Codex 0.171.0 retries any HTTP 402 (x-should-retry notwithstanding; it stops at once only on
    // a 429 or a stream failure whose type or code is insufficient_quota), so the turn is
    // refused several times, and never reaches DeepSeek.
    expect(harness.simulator.requests('deepseek')).toEqual([]);
  }, 150_000);

  it('gets a clear refusal, not five retries, when it asks a translated provider for hosted web search', async () => {
    harness.simulator.clearRequests('deepseek');
    const run = await runCodex({
      binary,
      baseUrl: `${harness.url}/v1`,
      apiKey: harness.apiKey,
      model: MODEL,
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      proxy,
    });
    expect(run.exitCode).not.toBe(0);
    const failed = run.events.find((event) => event.type === 'turn.failed');
    expect(JSON.parse(failed!.error!.message)).toMatchObject({
      error: { type: 'invalid_request_error', param: 'tools', code: 'unsupported_tool' },
    });
    expect(failed!.error!.message).toContain("'web_search'");
    // A 400 ends the turn at once: no reconnects.
    expect(run.events.filter((event) => event.type === 'error' && event.message?.startsWith('Reconnecting'))).toEqual([]);
    expect(harness.simulator.requests('deepseek')).toEqual([]);
  }, 150_000);
});
