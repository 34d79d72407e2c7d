import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { signBedrockRequest } from '@switchboard/providers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from './verify-sigv4';

let simulator: Simulator;
let baseUrl: string;
const body = JSON.stringify({
  system: [{ text: 'Be fun' }],
  messages: [{ role: 'user', content: [{ text: 'Tell me.' }] }],
});

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('bedrock', 'bedrock', { chunkCount: 2, text: 'Yes!' }).baseUrl;
});

async function send(action: string, secretAccessKey = TEST_SECRET_ACCESS_KEY, edit?: (headers: Record<string, string>) => void) {
  const signed = await signBedrockRequest(
    {
      url: `${baseUrl}/model/amazon.nova-lite-v1%3A0/${action}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    },
    { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey },
    'us-east-1',
  );
  edit?.(signed.headers);
  return fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
}

describe('bedrock format', () => {
  it('answers Converse for a request signed with the test key pair', async () => {
    const response = await send('converse');
    expect(response.status).toBe(200);
    // 6 + 8 characters, the system prompt counts as a message: ceil(14 / 4) + 3 * 2 = 10.
    expect(await response.json()).toEqual({
      output: { message: { role: 'assistant', content: [{ text: 'Yes!' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      metrics: { latencyMs: 1 },
    });
  });

  it('streams ConverseStream as event-stream frames with valid CRCs', async () => {
    const response = await send('converse-stream');
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    let bytes = Buffer.from(await response.arrayBuffer());
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const events: string[] = [];
    while (bytes.length > 0) {
      const length = bytes.readUInt32BE(0);
      const message = codec.decode(bytes.subarray(0, length));
      events.push(String(message.headers[':event-type']?.value));
      bytes = bytes.subarray(length);
    }
    expect(events).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
  });

  it('refuses a wrong secret key, a tampered body and an unknown key id with 403', async () => {
    const wrong = await send('converse', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEYX');
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException/);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/signature we calculated does not match/);
    const tampered = await send('converse', TEST_SECRET_ACCESS_KEY, (headers) => {
      headers['content-type'] = 'application/x-amz-json-1.1';
    });
    expect(tampered.status).toBe(403);
    const unsigned = await fetch(`${baseUrl}/model/amazon.nova-lite-v1%3A0/converse`, { method: 'POST', body });
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { message: string }).message).toBe('Missing Authentication Token');
  });

  it('answers injected faults with the Bedrock exception name', async () => {
    simulator.setBehaviour('bedrock', { errorStatus: 429 });
    const throttled = await send('converse');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException/);
    expect(await throttled.json()).toEqual({ message: 'Too many requests, please wait before trying again.' });
  });
});
