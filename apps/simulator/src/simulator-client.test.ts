import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from './simulator';
import { SimulatorClient, SimulatorControlError } from './simulator-client';
import { startSimulator } from './start-simulator';
import { sendJson } from './testing/send-json';

let simulator: Simulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = new SimulatorClient(`${simulator.url}/`);
});
afterAll(() => simulator.close());

const chat = { model: 'm', messages: [{ role: 'user', content: 'hello' }] };

describe('SimulatorClient over the control API', () => {
  it('reports health', async () => {
    await client.reset();
    expect(await client.health()).toEqual({ status: 'ok', providers: 0 });
  });

  it('adds a provider, changes its behaviour, reads and clears its requests', async () => {
    const added = await client.addProvider('remote', 'openai', { chunkCount: 2, text: 'ab' });
    expect(added).toEqual({
      id: 'remote',
      baseUrl: `${simulator.url}/p/remote/v1`,
      anthropicBaseUrl: `${simulator.url}/p/remote/anthropic`,
    });

    const first = await sendJson(`${added.baseUrl}/chat/completions`, chat, { authorization: 'Bearer k' });
    expect(first.json).toMatchObject({ choices: [{ message: { content: 'ab' } }] });

    await client.setBehaviour('remote', { errorStatus: 418, errorMessage: 'teapot' });
    const second = await sendJson(`${added.baseUrl}/chat/completions`, chat, { authorization: 'Bearer k' });
    expect(second.status).toBe(418);

    const records = await client.requests('remote');
    expect(records.map((record) => [record.status, record.outcome])).toEqual([
      [200, 'completed'],
      [418, 'error'],
    ]);
    expect(records[0]!.usageSent).toEqual({ inputTokens: 5, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 });
    expect(records).toEqual(simulator.requests('remote'));

    await client.clearRequests('remote');
    expect(await client.requests('remote')).toEqual([]);
  });

  it('clears a field back to its default when set to undefined', async () => {
    await client.addProvider('clearing', 'openai', { errorStatus: 500, text: 'custom' });
    await client.setBehaviour('clearing', { errorStatus: undefined, text: undefined });
    const response = await sendJson(`${simulator.url}/p/clearing/v1/chat/completions`, chat, { authorization: 'Bearer k' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ choices: [{ message: { content: expect.stringContaining('Hello from clearing.') } }] });
  });

  it('reports unknown providers as 404 and bad input as 400', async () => {
    const unknown = await client.requests('ghost').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(SimulatorControlError);
    expect((unknown as SimulatorControlError).status).toBe(404);
    const badBehaviour = await client.setBehaviour('remote', { chunkCount: -3 }).catch((error: unknown) => error);
    expect((badBehaviour as SimulatorControlError).status).toBe(400);
    expect((badBehaviour as Error).message).toContain('chunkCount');
    const badFormat = await client.addProvider('x', 'cohere' as never).catch((error: unknown) => error);
    expect((badFormat as SimulatorControlError).status).toBe(400);
    const badId = await client.addProvider('has space', 'openai').catch((error: unknown) => error);
    expect((badId as SimulatorControlError).status).toBe(400);
  });

  it('resets, removing every provider', async () => {
    await client.addProvider('gone-soon', 'gemini');
    await client.reset();
    expect((await client.health()).providers).toBe(0);
    const response = await sendJson(
      `${simulator.url}/p/gone-soon/v1beta/models/g:generateContent`,
      { contents: [] },
      { 'x-goog-api-key': 'k' },
    );
    expect(response.status).toBe(404);
  });

  it('gives base URLs with the host the caller used (a container reaching it by service name)', async () => {
    const { port } = new URL(simulator.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ format: 'anthropic' });
      const put = request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: '/_control/providers/by-name',
          headers: { host: 'simulator:8090', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (piece: string) => {
            text += piece;
          });
          response.on('end', () => resolve(text));
        },
      );
      put.on('error', reject);
      put.end(body);
    });
    expect(JSON.parse(answer)).toEqual({ id: 'by-name', baseUrl: 'http://simulator:8090/p/by-name' });
  });
});
