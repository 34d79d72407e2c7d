import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function responsesEvent(sequence: number, type: string, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;
}

function responseObject(status: string): Record<string, unknown> {
  return { id: 'resp_upstream1', object: 'response', created_at: 1, status, model: 'm', output: [], usage: null };
}

/** The start of a streamed answer in OpenAI's Responses events: one message with one text delta. */
function responsesOpening(): string {
  const item = { id: 'msg_upstream1', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  const part = { output_index: 0, item_id: 'msg_upstream1', content_index: 0 };
  return [
    responsesEvent(0, 'response.created', { response: responseObject('in_progress') }),
    responsesEvent(1, 'response.in_progress', { response: responseObject('in_progress') }),
    responsesEvent(2, 'response.output_item.added', { output_index: 0, item }),
    responsesEvent(3, 'response.content_part.added', { ...part, part: { type: 'output_text', text: '', annotations: [] } }),
    responsesEvent(4, 'response.output_text.delta', { ...part, delta: 'Hello', logprobs: [] }),
  ].join('');
}

const chatChunk = (text: string) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;

/**
 * An upstream whose streams end wrongly, as the requested model names: a Responses stream that
 * closes cleanly without a terminal event, one that ends with an `error` event, and a chat
 * stream that closes without a finish reason or [DONE]. The simulator only cuts sockets.
 */
function startUnfinishedServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (piece) => {
      body += piece;
    });
    request.on('end', () => {
      const { model, stream } = JSON.parse(body) as { model: string; stream?: boolean };
      if (model === 'chat-length' && stream !== true) {
        response.writeHead(200, { 'content-type': 'application/json' });
        const message = { role: 'assistant', content: 'Hello' };
        const usage = { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 };
        response.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 1,
            model: 'm',
            choices: [{ index: 0, message, finish_reason: 'length' }],
            usage,
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (model === 'chat-length') {
        // A complete chat stream whose answer hit its output limit.
        const finish = {
          id: 'x',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
        };
        const usage = {
          id: 'x',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        };
        response.end(
          `${chatChunk('Hello')}data: ${JSON.stringify(finish)}\n\ndata: ${JSON.stringify(usage)}\n\ndata: [DONE]\n\n`,
        );
        return;
      }
      response.write(model.startsWith('native') ? responsesOpening() : chatChunk('Hello'));
      if (model === 'native-incomplete') {
        const incomplete = { ...responseObject('incomplete'), incomplete_details: { reason: 'max_output_tokens' } };
        response.end(responsesEvent(5, 'response.incomplete', { response: incomplete }));
        return;
      }
      // Later, so the client has had its first bytes and the ending comes mid-stream.
      if (model === 'native-completed-then-reset') {
        const done = { ...responseObject('completed'), usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 } };
        response.write(responsesEvent(5, 'response.completed', { response: done }));
        // The socket breaks after the terminal event, before the body's end.
        setTimeout(() => response.socket?.destroy(), 100);
        return;
      }
      const ending =
        model === 'native-error-event'
          ? responsesEvent(5, 'error', {
              code: 'context_length_exceeded',
              message: 'Your input exceeds the context window',
              param: null,
            })
          : '';
      setTimeout(() => response.end(ending), 100);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` });
    });
  });
}

// Codex retries a whole turn (billed) when a stream ends with none of completed / incomplete /
// failed: whatever way the upstream stream ends, the client's ends with exactly one of them.
describe('a Responses stream always ends with exactly one terminal event', () => {
  let harness: Harness;
  let upstream: Awaited<ReturnType<typeof startUnfinishedServer>>;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startUnfinishedServer();
    harness = await startHarness([{ id: 'sim', format: 'openai', models: [{ id: 'sim-model' }] }], {
      extraProviders: [
        {
          id: 'unfinished-native',
          adapter: 'openai-compatible',
          baseUrl: upstream.url,
          apiKeyEnv: 'SIM_KEY',
          responsesApi: true,
          models: [
            { id: 'native-ends-early' },
            { id: 'native-error-event' },
            { id: 'native-completed-then-reset' },
            { id: 'native-incomplete' },
          ],
        },
        {
          id: 'unfinished-chat',
          adapter: 'openai-compatible',
          baseUrl: upstream.url,
          apiKeyEnv: 'SIM_KEY',
          models: [{ id: 'chat-ends-early' }, { id: 'chat-length' }],
        },
      ],
    });
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => upstream?.server.close(resolve));
  });

  for (const model of ['native-ends-early', 'native-error-event', 'chat-ends-early']) {
    it(`${model}: the stream ends with one response.failed, last`, async () => {
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of await client.responses.create({ model, input: 'Hi', stream: true })) events.push(event);
      const terminal = events.filter((event) => TERMINAL_EVENTS.has(event.type));
      expect(
        terminal.map((event) => event.type),
        events.map((event) => event.type).join(','),
      ).toEqual(['response.failed']);
      expect(events.at(-1)!.type).toBe('response.failed');
      const failed = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
      expect(failed.response.error?.code).toBeTruthy();
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    });
  }

  it("an upstream `error` event is relayed, and the response.failed after it keeps the upstream's code", async () => {
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    const stream = await client.responses.create({ model: 'native-error-event', input: 'Hi', stream: true });
    for await (const event of stream) events.push(event);
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'context_length_exceeded' });
    // Codex stops on context_length_exceeded rather than retrying: the code must survive.
    expect((events.at(-1) as OpenAI.Responses.ResponseFailedEvent).response.error?.code).toBe('context_length_exceeded');
  });

  it('a socket that breaks after response.completed adds no second terminal event', async () => {
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    const stream = await client.responses.create({ model: 'native-completed-then-reset', input: 'Hi', stream: true });
    for await (const event of stream) events.push(event);
    expect(events.filter((event) => TERMINAL_EVENTS.has(event.type)).map((event) => event.type)).toEqual(['response.completed']);
  });

  for (const model of ['native-incomplete', 'chat-length']) {
    it(`${model}: an answer cut by its output limit ends with one response.incomplete`, async () => {
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of await client.responses.create({ model, input: 'Hi', stream: true })) events.push(event);
      expect(events.filter((event) => TERMINAL_EVENTS.has(event.type)).map((event) => event.type)).toEqual([
        'response.incomplete',
      ]);
      const last = events.at(-1) as OpenAI.Responses.ResponseIncompleteEvent;
      expect(last.type).toBe('response.incomplete');
      expect(last.response.incomplete_details?.reason).toBe('max_output_tokens');
      if (model === 'chat-length') {
        // Whole, translated: the response says so too.
        const whole = await client.responses.create({ model, input: 'Hi' });
        expect(whole).toMatchObject({
          status: 'incomplete',
          output_text: 'Hello',
          incomplete_details: { reason: 'max_output_tokens' },
        });
      }
    });
  }
});
