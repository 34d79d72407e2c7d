import { readdirSync, readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import type { CountTokensBody } from './count-tokens-body';
import {
  countTextTokens,
  countTokensLocally,
  EXACT_CHARACTER_LIMIT,
  TOKENS_FOR_TOOL_USE,
  TOKENS_PER_DOCUMENT,
  TOKENS_PER_IMAGE,
  TOKENS_PER_MESSAGE,
} from './count-tokens-locally';

const body = (fields: Partial<CountTokensBody>): CountTokensBody => ({ model: 'any', messages: [], ...fields });

/** Varied real text (this repository's gateway sources), repeated up to `characters`. */
function sourceText(characters: number): string {
  const directory = new URL('../', import.meta.url);
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  let text = '';
  while (text.length < characters) {
    for (const name of files) {
      text += readFileSync(new URL(name, directory), 'utf8');
      if (text.length >= characters) break;
    }
  }
  return text.slice(0, characters);
}

describe('countTokensLocally', () => {
  it('counts system, message text and framing with the o200k tokenizer', async () => {
    const counted = await countTokensLocally(
      body({
        system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
        messages: [
          { role: 'user', content: 'List the files here.' },
          { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] },
        ],
      }),
    );
    expect(counted).toBe(countTokens('You are Claude Code.\nList the files here.\nSure.') + 2 * TOKENS_PER_MESSAGE);
  });

  it('counts tool calls, tool results and tool definitions, with the tool-use preamble', async () => {
    const schema = { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] };
    const counted = await countTokensLocally(
      body({
        messages: [
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'README.md' }] }],
          },
        ],
        tools: [{ name: 'Bash', description: 'Runs a command', input_schema: schema }],
      }),
    );
    const text = ['Bash', '{"command":"ls"}', 'README.md', 'Bash', 'Runs a command', JSON.stringify(schema)].join('\n');
    expect(counted).toBe(countTokens(text) + 2 * TOKENS_PER_MESSAGE + TOKENS_FOR_TOOL_USE);
  });

  it('gives images and binary documents their allowance instead of tokenizing base64, and reads text documents', async () => {
    const base64 = 'A'.repeat(200_000);
    const counted = await countTokensLocally(
      body({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: base64 } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: base64 } },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
            ],
          },
        ],
      }),
    );
    expect(counted).toBe(TOKENS_PER_IMAGE + TOKENS_PER_DOCUMENT + countTokens('Plain notes.') + TOKENS_PER_MESSAGE);
  });

  it('leaves replayed thinking and its signature out, as Anthropic does for earlier turns', async () => {
    const withThinking = await countTokensLocally(
      body({
        messages: [
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Long private reasoning '.repeat(100), signature: 'EqQBCkYIBRgCKkA'.repeat(50) },
              { type: 'text', text: 'Done.' },
            ],
          },
        ],
      }),
    );
    expect(withThinking).toBe(countTokens('Done.') + TOKENS_PER_MESSAGE);
  });

  it('counts only allowances when there is no text', async () => {
    expect(await countTokensLocally(body({ messages: [{ role: 'user', content: [] }] }))).toBe(TOKENS_PER_MESSAGE);
  });

  it('samples texts beyond the exact limit and stays within a few percent of the exact count', () => {
    const text = sourceText(EXACT_CHARACTER_LIMIT * 3);
    const exact = countTokens(text);
    const sampled = countTextTokens(countTokens, text);
    expect(Math.abs(sampled - exact) / exact).toBeLessThan(0.05);
    // Below the limit the count is the tokenizer's own.
    const small = text.slice(0, 10_000);
    expect(countTextTokens(countTokens, small)).toBe(countTokens(small));
  });

  it('counts a body of several hundred KB quickly', async () => {
    const text = sourceText(400 * 1024);
    const large = body({
      system: text.slice(0, 20_000),
      messages: Array.from({ length: 40 }, (_, index) => ({
        role: index % 2 === 0 ? 'user' : 'assistant',
        content: [{ type: 'text', text: text.slice(20_000 + index * 9_500, 20_000 + (index + 1) * 9_500) }],
      })),
    });
    await countTokensLocally(large); // loads the tokenizer
    const kilobytes = Buffer.byteLength(JSON.stringify(large)) / 1024;
    const started = performance.now();
    await countTokensLocally(large);
    const microsecondsPerKilobyte = ((performance.now() - started) * 1000) / kilobytes;
    console.info(`countTokensLocally: ${microsecondsPerKilobyte.toFixed(0)} µs/KB over ${kilobytes.toFixed(0)} KB`);
    // Generous for a shared machine: 2 ms per KB would still answer a 400 KB body within a second.
    expect(microsecondsPerKilobyte).toBeLessThan(2_000);
  });
});
