import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

interface Served {
  /** Bytes the hostile server managed to write before the gateway closed the connection. */
  written: number;
  closedEarly: boolean;
}

const MEGABYTE = 1024 * 1024;

/** Writes `piece` until `total` bytes are out or the peer goes away, respecting backpressure. */
function writeUntil(response: ServerResponse, piece: string, total: number, served: Served, after = ''): void {
  const pump = () => {
    while (served.written < total) {
      if (response.destroyed) return;
      served.written += piece.length;
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end(after);
  };
  response.on('close', () => {
    if (served.written < total || !response.writableFinished) served.closedEarly = true;
  });
  pump();
}

const contentChunk = (text: string) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;

/**
 * A provider that misbehaves in whatever way the requested model names: an endless 2xx body,
 * a 60 MB SSE event without a blank line (first or after a good chunk), an SSE error event
 * echoing the key it was sent.
 */
function startHostileServer(): Promise<{ server: Server; url: string; served: Map<string, Served> }> {
  const served = new Map<string, Served>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (piece) => {
      body += piece;
    });
    request.on('end', () => {
      const { model, stream } = JSON.parse(body) as { model: string; stream?: boolean };
      const record: Served = { written: 0, closedEarly: false };
      served.set(model, record);
      const authorization = request.headers.authorization ?? '';
      // A 2xx answer echoing the key in every spelling: an echo endpoint, a model quoting its headers.
      const echoed = `You sent ${authorization}; also ${PROVIDER_SECRET.toUpperCase()} ${encodeURIComponent(PROVIDER_SECRET)} ${Buffer.from(PROVIDER_SECRET).toString('base64')}`;
      if (model === 'echo-key-success' && stream !== true) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'chatcmpl-echo',
            object: 'chat.completion',
            created: 1,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: echoed }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
          }),
        );
        return;
      }
      if (model === 'endless-whole') {
        response.writeHead(200, { 'content-type': 'application/json' });
        writeUntil(response, `{"padding":"${'x'.repeat(MEGABYTE)}`, 1024 * MEGABYTE, record, '"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (model === 'huge-event-first') {
        writeUntil(response, 'x'.repeat(64 * 1024), 60 * MEGABYTE, record, '\n\n');
      } else if (model === 'huge-event-later') {
        response.write(contentChunk('Hello'));
        writeUntil(response, 'y'.repeat(64 * 1024), 60 * MEGABYTE, record, '\n\n');
      } else if (model === 'echo-key') {
        response.write(contentChunk('Hi'));
        const message = `Invalid header 'Authorization: ${authorization}' (key ${PROVIDER_SECRET.toUpperCase()}, ${encodeURIComponent(PROVIDER_SECRET)}, ${Buffer.from(PROVIDER_SECRET).toString('base64')})`;
        // Later, so the client has had its first byte and the error goes out as a frame.
        setTimeout(
          () =>
            response.end(`data: ${JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'bad_key' } })}\n\n`),
          100,
        );
      } else if (model === 'echo-key-success') {
        response.write(contentChunk(echoed));
        const finish = {
          id: 'x',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        };
        response.end(`data: ${JSON.stringify(finish)}\n\ndata: [DONE]\n\n`);
      } else if (model === 'echo-key-first') {
        response.end(
          `data: ${JSON.stringify({ error: { message: `bad key ${authorization}`, type: 'invalid_request_error' } })}\n\n`,
        );
      } else {
        response.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/v1`, served });
    });
  });
}

describe('a hostile upstream cannot hurt other requests', () => {
  let harness: Harness;
  let hostile: Awaited<ReturnType<typeof startHostileServer>>;

  beforeAll(async () => {
    hostile = await startHostileServer();
    harness = await startHarness([{ id: 'sim', format: 'openai', models: [{ id: 'sim-model' }] }], {
      extraProviders: [
        {
          id: 'hostile',
          adapter: 'openai-compatible',
          baseUrl: hostile.url,
          apiKeyEnv: 'SIM_KEY',
          models: ['endless-whole', 'huge-event-first', 'huge-event-later', 'echo-key', 'echo-key-first', 'echo-key-success'].map(
            (id) => ({ id }),
          ),
        },
      ],
    });
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => hostile?.server.close(resolve));
  });

  const chat = (model: string, stream: boolean) =>
    harness.post('/v1/chat/completions', { model, stream, messages: [{ role: 'user', content: 'Hi' }] });

  /** Polls /healthz until `work` settles; returns the slowest answer seen. */
  async function slowestHealthzDuring<Value>(work: Promise<Value>): Promise<{ value: Value; slowestMs: number }> {
    let settled = false;
    let slowestMs = 0;
    const polling = (async () => {
      while (!settled) {
        const started = performance.now();
        const response = await fetch(`${harness.gateway.url}/healthz`);
        expect(response.status).toBe(200);
        await response.text();
        slowestMs = Math.max(slowestMs, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const value = await work.finally(() => {
      settled = true;
    });
    await polling;
    return { value, slowestMs };
  }

  it('refuses a whole answer over 16 MB with a 502 naming the provider, and stops reading it', async () => {
    const { value: response, slowestMs } = await slowestHealthzDuring(chat('endless-whole', false));
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toContain("Provider 'hostile'");
    expect(error.message).toContain('too large');
    const served = hostile.served.get('endless-whole')!;
    // The body would have been 1 GB; the gateway hung up soon after 16 MB.
    await expect.poll(() => served.closedEarly).toBe(true);
    expect(served.written).toBeLessThan(64 * MEGABYTE);
    expect(slowestMs).toBeLessThan(2_000);
  });

  it('cuts a 60 MB SSE event before the first byte as an upstream failure, /healthz answering meanwhile', async () => {
    const { value: response, slowestMs } = await slowestHealthzDuring(chat('huge-event-first', true));
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toContain("Provider 'hostile'");
    const served = hostile.served.get('huge-event-first')!;
    await expect.poll(() => served.closedEarly).toBe(true);
    expect(served.written).toBeLessThan(16 * MEGABYTE);
    // Coarse: before the fix one such event cost 23 s of CPU and /healthz took up to 6.4 s.
    expect(slowestMs).toBeLessThan(2_000);
  });

  it('ends a stream whose later event is oversize with an error frame', async () => {
    const response = await chat('huge-event-later', true);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('Hello');
    const frames = text.split('\n\n').filter((frame) => frame.startsWith('data: {'));
    const last = JSON.parse(frames.at(-1)!.slice('data: '.length)) as { error: { code: string } };
    expect(last.error.code).toBe('upstream_bad_response');
    expect(text).not.toContain('[DONE]');
    await expect.poll(() => hostile.served.get('huge-event-later')!.closedEarly).toBe(true);
  });

  it('redacts every spelling of the provider key from an SSE error event the upstream echoes it in', async () => {
    const response = await chat('echo-key', true);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('Hi');
    expect(text).toContain('[redacted]');
    expect(text).toContain('bad_key');
    for (const spelling of [
      PROVIDER_SECRET,
      PROVIDER_SECRET.toUpperCase(),
      encodeURIComponent(PROVIDER_SECRET),
      Buffer.from(PROVIDER_SECRET).toString('base64').replace(/=+$/, ''),
    ])
      expect(text).not.toContain(spelling);
  });

  it('redacts the key from a stream error that arrives before any output', async () => {
    const response = await chat('echo-key-first', true);
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toContain('upstream_stream_error');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(PROVIDER_SECRET);
  });

  it.each([false, true])('redacts every spelling of the key from a 2xx answer echoing it (stream: %s)', async (stream) => {
    const response = await chat('echo-key-success', stream);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(text).toContain('[redacted]');
    for (const spelling of [
      PROVIDER_SECRET,
      PROVIDER_SECRET.toUpperCase(),
      encodeURIComponent(PROVIDER_SECRET),
      Buffer.from(PROVIDER_SECRET).toString('base64').replace(/=+$/, ''),
    ]) {
      expect(text).not.toContain(spelling);
    }
  });

  it('still serves ordinary requests afterwards', async () => {
    expect((await chat('sim-model', false)).status).toBe(200);
    expect((await chat('sim-model', true)).status).toBe(200);
  });
});
