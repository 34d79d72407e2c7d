import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body';

/** A JSON text of exactly `bytes` bytes. */
function jsonOfSize(bytes: number): string {
  const text = JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => {
      throw new Error('readJsonBody resolved');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('readJsonBody over node:http', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // Answers with what readJsonBody made of the request: the value, or the error's fields.
    server = createServer((incoming, response) => {
      const limit = Number(incoming.headers['x-limit']);
      readJsonBody(incoming, { bodyLimitBytes: limit }).then(
        (value) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ value }));
        },
        (error: GatewayError) => {
          response.writeHead(error.status, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              name: error.name,
              status: error.status,
              type: error.type,
              code: error.code,
              message: error.message,
            }),
          );
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  interface Sent {
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: a parsed test response
    body: any;
  }

  /**
   * Sends `chunks` one write at a time, `delayMs` apart. `declare` sets Content-Length to the
   * total (or to the number given); without it Node sends the body chunked.
   */
  function send(limit: number, chunks: (string | Buffer)[], options: { declare?: boolean | number; delayMs?: number } = {}) {
    return new Promise<Sent>((resolve, reject) => {
      const total = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'x-limit': limit };
      if (options.declare !== undefined && options.declare !== false) {
        headers['content-length'] = options.declare === true ? total : options.declare;
      }
      let answered = false;
      const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: false }, (response) => {
        answered = true;
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) });
          outgoing.destroy();
        });
      });
      // The server may answer 413 and the socket go away while we still write; that is fine.
      outgoing.on('error', (error) => {
        if (!answered) reject(error);
      });
      void (async () => {
        for (const chunk of chunks) {
          if (answered) return;
          outgoing.write(chunk);
          if (options.delayMs) await sleep(options.delayMs);
        }
        if (!answered) outgoing.end();
      })();
    });
  }

  it('parses a valid JSON body', async () => {
    const body = { model: 'deepseek-v4-flash', messages: [{ role: 'user', content: 'hi' }], stream: true };
    expect(await send(1024, [JSON.stringify(body)], { declare: true })).toEqual({ status: 200, body: { value: body } });
  });

  it('parses a chunked body written in several pieces', async () => {
    expect(await send(1024, ['{"a":', '[1,2', ',3]}'], { delayMs: 5 })).toEqual({
      status: 200,
      body: { value: { a: [1, 2, 3] } },
    });
  });

  it('answers 400 invalid_body for an empty body', async () => {
    expect(await send(1024, [], { declare: true })).toEqual({
      status: 400,
      body: {
        name: 'GatewayError',
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_body',
        message: 'The request body is empty; expected a JSON object.',
      },
    });
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    expect(await send(1024, ['{"model": "gpt-4o",'], { declare: true })).toEqual({
      status: 400,
      body: {
        name: 'GatewayError',
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_json',
        message: 'The request body is not valid JSON.',
      },
    });
  });

  it('answers 413 on a declared Content-Length over the limit before any body is sent', async () => {
    const result = await new Promise<Sent>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': 5000, 'x-limit': 4096 },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () => {
            resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) });
            outgoing.destroy();
          });
        },
      );
      outgoing.on('error', reject);
      // Headers only: the answer must come without the server waiting for the 5000 bytes.
      outgoing.flushHeaders();
    });
    expect(result).toEqual({
      status: 413,
      body: {
        name: 'GatewayError',
        status: 413,
        type: 'invalid_request_error',
        code: 'request_too_large',
        message: 'The request body exceeds the limit of 4096 bytes.',
      },
    });
  });

  it('answers 413 on a chunked body that grows over the limit', async () => {
    const chunk = 'x'.repeat(400);
    const result = await send(1000, ['{"pad":"', chunk, chunk, chunk, chunk, '"}'], { delayMs: 5 });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({
      code: 'request_too_large',
      message: 'The request body exceeds the limit of 1000 bytes.',
    });
  });

  it('accepts a body of exactly the limit, declared or chunked, and refuses one byte more', async () => {
    const exact = jsonOfSize(2048);
    expect((await send(2048, [exact], { declare: true })).status).toBe(200);
    expect((await send(2048, [exact.slice(0, 1000), exact.slice(1000)], { delayMs: 5 })).status).toBe(200);
    const over = jsonOfSize(2049);
    expect((await send(2048, [over], { declare: true })).status).toBe(413);
    expect((await send(2048, [over.slice(0, 1000), over.slice(1000)], { delayMs: 5 })).status).toBe(413);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const text = 'héllo 😀 世界';
    const bytes = Buffer.from(JSON.stringify({ text }), 'utf8');
    const inEmoji = bytes.indexOf(Buffer.from('😀')) + 2;
    const result = await send(1024, [bytes.subarray(0, inEmoji), bytes.subarray(inEmoji)], { delayMs: 20 });
    expect(result).toEqual({ status: 200, body: { value: { text } } });
  });
});

describe('readJsonBody over a stream', () => {
  function incoming(headers: IncomingHttpHeaders = {}): { stream: PassThrough; message: IncomingMessage } {
    const stream = new PassThrough();
    return { stream, message: Object.assign(stream, { headers }) as unknown as IncomingMessage };
  }

  it('decodes multi-byte UTF-8 wherever the chunks split it', async () => {
    const text = 'naïve café — 😀 世界 ß';
    const bytes = Buffer.from(JSON.stringify({ text }), 'utf8');
    for (let split = 1; split < bytes.length; split++) {
      const { stream, message } = incoming();
      const parsed = readJsonBody(message, { bodyLimitBytes: 1024 });
      stream.write(bytes.subarray(0, split));
      stream.write(bytes.subarray(split, split + 3));
      stream.end(bytes.subarray(split + 3));
      expect(await parsed, `split at byte ${split}`).toEqual({ text });
    }
  });

  it('refuses a declared Content-Length over the limit without waiting for the body, and drains it', async () => {
    const { stream, message } = incoming({ 'content-length': '1025' });
    const error = await rejection(readJsonBody(message, { bodyLimitBytes: 1024 }));
    expect(error).toMatchObject({ status: 413, code: 'request_too_large' });
    expect(stream.readableFlowing).toBe(true);
  });

  it('refuses a body over the limit as soon as it crosses it, before the end', async () => {
    const { stream, message } = incoming();
    const parsed = readJsonBody(message, { bodyLimitBytes: 10 });
    stream.write('{"a":"1234');
    stream.write('5');
    const error = await rejection(parsed);
    expect(error).toMatchObject({ status: 413, type: 'invalid_request_error', code: 'request_too_large' });
    // The rest is still consumed so the connection can be reused.
    stream.end('"}');
  });

  it('ignores a Content-Length that is not a number and counts the bytes instead', async () => {
    const { stream, message } = incoming({ 'content-length': 'lots' });
    const parsed = readJsonBody(message, { bodyLimitBytes: 8 });
    stream.end('{"a":1}');
    expect(await parsed).toEqual({ a: 1 });
  });

  it('passes a stream error through', async () => {
    const { stream, message } = incoming();
    const parsed = readJsonBody(message, { bodyLimitBytes: 1024 });
    const failure = new Error('socket hang up');
    stream.destroy(failure);
    await expect(parsed).rejects.toBe(failure);
  });

  it('parses JSON values that are not objects', async () => {
    const { stream, message } = incoming();
    const parsed = readJsonBody(message, { bodyLimitBytes: 1024 });
    stream.end('[1,"two",null]');
    expect(await parsed).toEqual([1, 'two', null]);
  });
});

describe('readJsonBody nesting limit', () => {
  function send(text: string, depthLimit?: number): Promise<unknown> {
    const stream = new PassThrough();
    const message = Object.assign(stream, { headers: {} }) as unknown as IncomingMessage;
    const parsed = readJsonBody(message, { bodyLimitBytes: 10 * 1024 * 1024, jsonDepthLimit: depthLimit });
    stream.end(text);
    return parsed;
  }

  it('refuses 200,000 levels with a 400 before parsing, in milliseconds', async () => {
    const started = performance.now();
    const error = await rejection(send(`{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
    expect(error).toMatchObject({ status: 400, code: 'json_too_deep' });
    expect(error.message).toContain('128');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('accepts exactly the limit and refuses one level more', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(await send(nested(4), 4)).toEqual([[[[]]]]);
    expect(await rejection(send(nested(5), 4))).toMatchObject({ status: 400, code: 'json_too_deep' });
    expect(await rejection(send(`{"a":{"b":{"c":{"d":{}}}}}`, 4))).toMatchObject({ code: 'json_too_deep' });
  });

  it('does not count brackets inside strings, escaped quotes included', async () => {
    const text = JSON.stringify({ a: `${'['.repeat(500)}"\\"{{{{`, b: ['x\\', '[[[['] });
    expect(await send(text, 3)).toEqual(JSON.parse(text));
  });
});
