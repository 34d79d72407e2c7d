import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RefusingProxy, startRefusingProxy } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_CODE_INSTALL_TIMEOUT_MS, installClaudeCode, runClaudeCode } from './run-claude-code';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// The real Claude Code CLI, end to end: `claude -p` with a Read tool call, through the gateway's
// Messages surface (gateway key, routing, usage events in Postgres), served by DeepSeek (an
// OpenAI-format provider, so every request is translated) played by the simulator. Nothing may
// leave the machine: every proxied connection goes to a proxy that refuses it.
const MODEL = 'deepseek-v4-flash';
const UPSTREAM_KEY = 'sk-deepseek-upstream';
const SECRET_LINE = 'The secret word is pelican.';

let binary: string;
let harness: SwitchboardHarness;
let proxy: RefusingProxy;
let work: string;
let notePath: string;

beforeAll(async () => {
  binary = await installClaudeCode();
  proxy = await startRefusingProxy();
  work = await mkdtemp(join(tmpdir(), 'switchboard-claude-work-'));
  notePath = join(work, 'note.txt');
  await writeFile(notePath, `${SECRET_LINE}\n`);
  harness = await startSwitchboardHarness();
  const { baseUrl } = harness.simulator.addProvider('deepseek', 'openai', {
    expectedKey: UPSTREAM_KEY,
    toolCall: { name: 'Read', arguments: { file_path: notePath } },
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
}, CLAUDE_CODE_INSTALL_TIMEOUT_MS + 60_000);
afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function storedGeneration(requestId: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(requestId)}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    return response.status === 200 ? ((await response.json()) as { data: Record<string, unknown> }).data : undefined;
  });
}

describe('Claude Code through the gateway on a DeepSeek model', () => {
  it.each([
    { header: 'x-api-key (ANTHROPIC_API_KEY)', bearer: false },
    { header: 'Authorization: Bearer (ANTHROPIC_AUTH_TOKEN)', bearer: true },
  ])(
    'completes claude -p with a Read tool call, the gateway key sent as $header',
    async ({ bearer }) => {
      harness.simulator.clearRequests('deepseek');
      const run = await runClaudeCode({
        binary,
        baseUrl: harness.url,
        apiKey: harness.apiKey,
        bearer,
        prompt: 'What is the secret word in note.txt?',
        cwd: work,
        model: MODEL,
        allowedTools: ['Read'],
        proxy,
      });
      expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
      expect(run.result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 2 });
      // The simulator quotes the tool result it received: the file's line made the whole round trip.
      expect(run.result!.result).toContain(SECRET_LINE);

      const [asked, answered, ...rest] = harness.simulator.requests('deepseek');
      expect(rest).toEqual([]);
      expect(asked).toMatchObject({ path: '/p/deepseek/v1/chat/completions', outcome: 'completed' });
      expect(asked!.body).toMatchObject({ model: MODEL });
      expect(asked!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
      // Claude Code's Read tool reached DeepSeek as a function tool, and its result as a tool message.
      const tools = (asked!.body as { tools: { type: string; function: { name: string } }[] }).tools;
      expect(tools.map((tool) => tool.function.name)).toContain('Read');
      const messages = (answered!.body as { messages: { role: string; content: unknown; tool_call_id?: string }[] }).messages;
      const toolMessage = messages.find((message) => message.role === 'tool');
      expect(JSON.stringify(toolMessage?.content)).toContain(SECRET_LINE);
      expect(toolMessage!.tool_call_id).toBe(`call_sim${asked!.sequence}`);

      // One usage event per Claude Code request, with what DeepSeek reported.
      for (const sent of [asked!, answered!]) {
        const requestId = sent.headers['x-request-id'];
        expect(requestId).toMatch(/^req_/);
        const stored = await storedGeneration(requestId!);
        expect(stored).toMatchObject({
          served_model: MODEL,
          provider_name: 'deepseek',
          outcome: 'success',
          tokens_prompt: sent.usageSent!.inputTokens,
          tokens_completion: sent.usageSent!.outputTokens,
          usage_estimated: false,
        });
      }
      const usage = run.result!.modelUsage[MODEL]!;
      expect(usage.outputTokens).toBe(asked!.usageSent!.outputTokens + answered!.usageSent!.outputTokens);

      // Nothing tried to leave the machine (and whatever had tried would have been refused).
      expect(proxy.attempts()).toEqual([]);
    },
    120_000,
  );

  it("serves Claude Code's own model ids through a gateway pattern alias, without --model", async () => {
    const alias = await harness.admin('POST', '/admin/model-aliases', { name: 'claude-*', targets: [MODEL] });
    expect(alias.status, alias.text).toBe(201);
    await harness.switchboard.live.settled();
    harness.simulator.clearRequests('deepseek');
    const run = await runClaudeCode({
      binary,
      baseUrl: harness.url,
      apiKey: harness.apiKey,
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      allowedTools: ['Read'],
      proxy,
    });
    expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.result).toMatchObject({ subtype: 'success', is_error: false, num_turns: 2 });
    expect(run.result!.result).toContain(SECRET_LINE);
    const sent = harness.simulator.requests('deepseek');
    expect(sent).toHaveLength(2);
    // The upstream got the model the alias names, not Claude Code's id.
    for (const request of sent) expect(request.body).toMatchObject({ model: MODEL });
    const stored = await storedGeneration(sent[0]!.headers['x-request-id']!);
    expect(stored).toMatchObject({ served_model: MODEL, provider_name: 'deepseek' });
    expect(String(stored.model)).toMatch(/^claude-/);
    expect(proxy.attempts()).toEqual([]);
  }, 120_000);
});
