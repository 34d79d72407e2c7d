import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import { ResponsesStreamWriter } from './responses-stream-writer';
import type { ResponsesRequest } from './responses-types';
import { writeResponsesAnswer } from './write-responses-answer';

// What the official openai SDK (its event accumulator and `responses.stream()` helper) makes of
// the writer's events and of the whole answer, served over real HTTP.

const usage = { inputTokens: 12, cachedInputTokens: 4, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 3 };

const answers: Record<string, StreamPart[]> = {
  tools: [
    { type: 'metadata', id: 'chatcmpl-up', model: 'deepseek-reasoner' },
    { type: 'reasoning-delta', text: 'Weather needs a tool.' },
    { type: 'text-delta', text: 'Checking.' },
    { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
    { type: 'tool-call-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_b', name: 'apply_patch' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{"input":"*** Begin Patch"}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'usage', usage },
    { type: 'finish', reason: 'tool-calls' },
  ],
  failed: [
    { type: 'text-delta', text: 'Once' },
    { type: 'error', error: { message: 'Prompt is too long', code: 'context_length_exceeded' } },
  ],
};

describe('ResponsesStreamWriter through the openai SDK', () => {
  let server: Server;
  let client: OpenAI;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (piece) => {
        body += piece;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as ResponsesRequest;
        const meta = {
          id: 'resp_sdk',
          model: parsed.model,
          createdAt: 1_700_000_000,
          request: parsed,
          customToolNames: ['apply_patch'],
        };
        const parts = answers[parsed.model] as StreamPart[];
        if (parsed.stream !== true) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(writeResponsesAnswer(parts, meta)));
          return;
        }
        const writer = new ResponsesStreamWriter(meta);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // One part per write, as a stream arrives, with a keep-alive in between.
        response.write(writer.keepAlive());
        for (const part of parts) response.write(writer.write([part]) + writer.keepAlive());
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new OpenAI({
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const tools: OpenAI.Responses.Tool[] = [
    { type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false },
    { type: 'custom', name: 'apply_patch' },
  ];

  it('gives the helper a final response with reasoning, text, a function call and a custom tool call', async () => {
    const stream = client.responses.stream({ model: 'tools', input: 'Weather in Paris?', tools });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas).toEqual(['Checking.']);
    expect(final.id).toBe('resp_sdk');
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Checking.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'custom_tool_call']);
    expect(final.output[2]).toMatchObject({ call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(final.output[3]).toMatchObject({ call_id: 'call_b', name: 'apply_patch', input: '*** Begin Patch' });
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });
  });

  it('numbers the raw events in order and ends with response.completed', async () => {
    const events = await client.responses.create({ model: 'tools', input: 'Weather in Paris?', tools, stream: true });
    const seen: { type: string; sequence_number: number }[] = [];
    for await (const event of events) seen.push({ type: event.type, sequence_number: event.sequence_number });
    expect(seen.map((each) => each.sequence_number)).toEqual(seen.map((_, index) => index));
    expect(seen[0]?.type).toBe('response.created');
    expect(seen.at(-1)?.type).toBe('response.completed');
  });

  it('hands a failure to the client as response.failed with its code', async () => {
    const events = await client.responses.create({ model: 'failed', input: 'Hi', stream: true });
    let failed: OpenAI.Responses.Response | undefined;
    for await (const event of events) if (event.type === 'response.failed') failed = event.response;
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toEqual({ code: 'context_length_exceeded', message: 'Prompt is too long' });
  });

  it('gives the same output from the whole answer as from the stream', async () => {
    const whole = await client.responses.create({ model: 'tools', input: 'Weather in Paris?', tools });
    const events = await client.responses.create({ model: 'tools', input: 'Weather in Paris?', tools, stream: true });
    let streamed: OpenAI.Responses.Response | undefined;
    for await (const event of events) if (event.type === 'response.completed') streamed = event.response;
    expect(whole.output).toEqual(streamed?.output);
    expect(whole.output_text).toBe('Checking.');
    expect(whole.usage).toEqual(streamed?.usage);
  });
});
