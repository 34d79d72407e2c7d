import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { type RefusingProxy, startRefusingProxy } from '@switchboard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_CODE_INSTALL_TIMEOUT_MS, installClaudeCode, runClaudeCode } from './run-claude-code';

// What the real Claude Code CLI sends, pinned against the simulator's Anthropic format directly
// (no gateway): the requests the gateway's Messages surface must take.
let binary: string;
let simulator: Simulator;
let proxy: RefusingProxy;
let baseUrl: string;
let work: string;
let notePath: string;

beforeAll(async () => {
  binary = await installClaudeCode();
  simulator = await startSimulator();
  proxy = await startRefusingProxy();
  work = await mkdtemp(join(tmpdir(), 'switchboard-claude-work-'));
  notePath = join(work, 'note.txt');
  await writeFile(notePath, 'The secret word is pelican.\n');
}, CLAUDE_CODE_INSTALL_TIMEOUT_MS + 30_000);
afterAll(async () => {
  await proxy?.close();
  await simulator?.close();
  if (work) await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('claude', 'anthropic', {
    expectedKey: 'sk-ant-test',
    toolCall: { name: 'Read', arguments: { file_path: notePath } },
    toolCallUntilResult: true,
  }).baseUrl;
});

describe('Claude Code against an Anthropic-format upstream', () => {
  it('runs a Read tool call in -p mode: two streamed /v1/messages?beta=true requests, the tool result in the second', async () => {
    const run = await runClaudeCode({
      binary,
      baseUrl,
      apiKey: 'sk-ant-test',
      prompt: 'What is the secret word in note.txt?',
      cwd: work,
      allowedTools: ['Read'],
      proxy,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 2 });
    expect(run.result!.result).toContain('The secret word is pelican.');

    const [first, second, ...rest] = simulator.requests('claude');
    expect(rest).toEqual([]);
    for (const request of [first!, second!]) {
      expect(request).toMatchObject({ method: 'POST', path: '/p/claude/v1/messages', query: { beta: 'true' }, stream: true });
      expect(request.headers).toMatchObject({ 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test', 'x-app': 'cli' });
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['anthropic-beta']!.split(',')).toContain('claude-code-20250219');
      expect(request.headers['user-agent']).toMatch(/^claude-cli\/2\.1\.197 /);
    }
    const body = first!.body as Record<string, unknown> & { tools: { name: string; input_schema: Record<string, unknown> }[] };
    // Without --model it asks for its own default; the 1M-context beta comes with it.
    expect(body.model).toMatch(/^claude-/);
    expect(body).toMatchObject({
      stream: true,
      max_tokens: expect.any(Number),
      thinking: { type: 'adaptive' },
      output_config: { effort: expect.any(String) },
      context_management: { edits: expect.any(Array) },
      metadata: { user_id: expect.any(String) },
    });
    expect(Array.isArray(body.system)).toBe(true);
    expect(JSON.stringify(body.system)).toContain('"cache_control":{"type":"ephemeral"}');
    const read = body.tools.find((tool) => tool.name === 'Read')!;
    expect(read.input_schema.$schema).toMatch(/json-schema\.org/);
    // Claude Code puts system messages inside `messages`.
    expect((body.messages as { role: string }[]).some((message) => message.role === 'system')).toBe(true);

    const replayed = (second!.body as { messages: { role: string; content: unknown }[] }).messages;
    const toolUse = replayed.at(-2)!;
    const toolResult = replayed.at(-1)!;
    expect(toolUse).toMatchObject({
      role: 'assistant',
      content: [{ type: 'tool_use', name: 'Read', input: { file_path: notePath } }],
    });
    expect(toolResult).toMatchObject({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: (toolUse.content as { id: string }[])[0]!.id }],
    });
    expect(JSON.stringify(toolResult.content)).toContain('The secret word is pelican.');
    expect(proxy.attempts()).toEqual([]);
  }, 90_000);

  it('sends --model as given, without the 1M-context beta', async () => {
    simulator.setBehaviour('claude', { toolCall: undefined, text: 'Hi.' });
    const run = await runClaudeCode({
      binary,
      baseUrl,
      apiKey: 'sk-ant-test',
      prompt: 'Say hi',
      cwd: work,
      model: 'deepseek-v4-flash',
      allowedTools: ['Read'],
      proxy,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ subtype: 'success', result: 'Hi.' });
    const [request] = simulator.requests('claude');
    expect(request!.body).toMatchObject({ model: 'deepseek-v4-flash' });
    expect(request!.headers['anthropic-beta']).not.toContain('context-1m');
  }, 90_000);

  it('re-sends the whole request without streaming when a stream ends before message_stop', async () => {
    simulator.setBehaviour('claude', { toolCall: undefined, text: 'Whole again.', chunkCount: 3, cutAfterChunks: 1 });
    const run = await runClaudeCode({
      binary,
      baseUrl,
      apiKey: 'sk-ant-test',
      prompt: 'Say something',
      cwd: work,
      model: 'deepseek-v4-flash',
      allowedTools: ['Read'],
      proxy,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ subtype: 'success', result: 'Whole again.' });
    const [streamed, whole, ...rest] = simulator.requests('claude');
    expect(rest).toEqual([]);
    expect(streamed).toMatchObject({ outcome: 'cut', stream: true, query: { beta: 'true' } });
    expect(whole).toMatchObject({ outcome: 'completed', stream: false, query: { beta: 'true' } });
    expect((whole!.body as Record<string, unknown>).stream).toBeUndefined();
  }, 90_000);
});
