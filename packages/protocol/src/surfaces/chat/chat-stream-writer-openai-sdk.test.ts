import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import { ChatStreamWriter } from './chat-stream-writer';

// What the official openai SDK makes of the writer's events, served over real HTTP.

const usage = { inputTokens: 12, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 };

const answers: Record<string, (writer: ChatStreamWriter) => string> = {
  whole: (writer) =>
    writer.write([
      { type: 'metadata', id: 'msg_1', model: 'claude-sonnet-4-5' },
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-start', index: 0, id: 'toolu_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'usage', usage },
      { type: 'finish', reason: 'tool-calls' },
    ] satisfies StreamPart[]),
  'upstream-error': (writer) =>
    writer.write([
      { type: 'text-delta', text: 'Once' },
      { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } },
    ]),
  cut: (writer) =>
    writer.write([{ type: 'text-delta', text: 'Once' }]) + writer.fail({ message: 'Stream cut', code: 'upstream_stream_cut' }),
};

describe('ChatStreamWriter through the openai SDK', () => {
  let server: Server;
  let client: OpenAI;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (piece) => {
        body += piece;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { model: string; stream_options?: { include_usage?: boolean } };
        const writer = new ChatStreamWriter({
          id: 'chatcmpl-sdk',
          created: 1_700_000_000,
          model: parsed.model,
          includeUsage: parsed.stream_options?.include_usage === true,
        });
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(answers[parsed.model]!(writer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new OpenAI({
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('assembles a streamed answer with a tool call and the usage chunk', async () => {
    const stream = client.chat.completions.stream({
      model: 'whole',
      messages: [{ role: 'user', content: 'Weather?' }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.model).toBe('claude-sonnet-4-5');
    expect(completion.choices[0]?.message.content).toBe('Checking.');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'toolu_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.usage?.total_tokens).toBe(19);
  });

  it.each([
    ['upstream-error', { message: 'Overloaded', type: 'overloaded_error', code: null }],
    ['cut', { message: 'Stream cut', type: 'upstream_error', code: 'upstream_stream_cut' }],
  ])('raises the %s error frame as an APIError after the text that arrived', async (model, error) => {
    const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let received = '';
    const failure = await (async () => {
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(received).toBe('Once');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ type: error.type, code: error.code });
    expect((failure as Error).message).toContain(error.message);
  });
});
