import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let baseUrl: string;
const headers = { 'x-goog-api-key': 'AIza-test' };
// 6 + 8 characters; the system instruction counts as a message: ceil(14 / 4) + 3 * 2 = 10.
const request = {
  systemInstruction: { parts: [{ text: 'Be fun' }] },
  contents: [{ role: 'user', parts: [{ text: 'Tell me.' }] }],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('gemini', 'gemini', { chunkCount: 2, text: 'Yes!' }).baseUrl;
});

const model = (method: string, query = '') => `${baseUrl}/models/gemini-2.5-flash:${method}${query}`;
const fullUsage = {
  promptTokenCount: 10,
  candidatesTokenCount: 2,
  totalTokenCount: 12,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }],
};

describe('gemini format', () => {
  it('serves a base URL under /p/{id}/v1beta', () => {
    expect(baseUrl).toBe(`${simulator.url}/p/gemini/v1beta`);
  });

  it('answers generateContent exactly as the Gemini API shapes it', async () => {
    const response = await sendJson(model('generateContent'), request, headers);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      candidates: [{ content: { parts: [{ text: 'Yes!' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: fullUsage,
      modelVersion: 'gemini-2.5-flash',
      responseId: expect.any(String),
    });
    expect(simulator.requests('gemini')[0]!.usageSent).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('streams with alt=sse as CRLF-framed data events, usage complete only on the last', async () => {
    const response = await sendJson(model('streamGenerateContent', '?alt=sse'), request, headers);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.text).toContain('\r\n\r\n');
    const chunks = readSseEvents(response.text).map((event) => JSON.parse(event.data));
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toEqual({
      candidates: [{ content: { parts: [{ text: 'Ye' }], role: 'model' }, index: 0 }],
      usageMetadata: { promptTokenCount: 10, totalTokenCount: 10, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }] },
      modelVersion: 'gemini-2.5-flash',
      responseId: chunks[2].responseId,
    });
    expect(chunks[1].candidates[0].content.parts).toEqual([{ text: 's!' }]);
    expect(chunks[2]).toMatchObject({ candidates: [{ finishReason: 'STOP' }], usageMetadata: fullUsage });
    expect(simulator.requests('gemini')[0]).toMatchObject({
      stream: true,
      chunksSent: 2,
      outcome: 'completed',
      usageSent: { outputTokens: 2 },
    });
  });

  it('streams without alt=sse as one JSON array', async () => {
    const response = await sendJson(model('streamGenerateContent'), request, headers);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const chunks = response.json as { candidates: { content: { parts: { text: string }[] } }[] }[];
    expect(chunks).toHaveLength(3);
    expect(chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text).join('')).toBe('Yes!');
  });

  it('answers with a function call, whole and streamed', async () => {
    simulator.setBehaviour('gemini', { toolCall: { name: 'find', arguments: { q: 'x' } } });
    const whole = await sendJson(model('generateContent'), request, headers);
    expect(whole.json).toMatchObject({
      candidates: [
        { content: { parts: [{ functionCall: { name: 'find', args: { q: 'x' } } }], role: 'model' }, finishReason: 'STOP' },
      ],
    });
    const streamed = await sendJson(model('streamGenerateContent', '?alt=sse'), request, headers);
    const chunks = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    expect(chunks[0].candidates[0].content.parts).toEqual([{ functionCall: { name: 'find', args: { q: 'x' } } }]);
    expect(chunks.at(-1).usageMetadata.candidatesTokenCount).toBe(2);
  });

  it('reports thoughts in thoughtsTokenCount, and sends thought parts only when asked to', async () => {
    simulator.setBehaviour('gemini', { reasoning: 'hmm' });
    const quiet = await sendJson(model('generateContent'), request, headers);
    expect(quiet.json).toMatchObject({
      candidates: [{ content: { parts: [{ text: 'Yes!' }] } }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2, thoughtsTokenCount: 2, totalTokenCount: 14 },
    });
    const withThoughts = { ...request, generationConfig: { thinkingConfig: { includeThoughts: true } } };
    const loud = await sendJson(model('generateContent'), withThoughts, headers);
    expect((loud.json as { candidates: { content: { parts: unknown[] } }[] }).candidates[0]!.content.parts).toEqual([
      { text: 'hmm', thought: true },
      { text: 'Yes!' },
    ]);
  });

  it('embeds in batches with outputDimensionality', async () => {
    const body = {
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'one' }] }, outputDimensionality: 3 },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'two' }] } },
      ],
    };
    const response = await sendJson(`${baseUrl}/models/text-embedding-004:batchEmbedContents`, body, headers);
    const json = response.json as { embeddings: { values: number[] }[] };
    expect(json.embeddings.map((embedding) => embedding.values.length)).toEqual([3, 8]);
    expect(simulator.requests('gemini')[0]!.usageSent).toBeNull();
    const single = await sendJson(`${baseUrl}/models/text-embedding-004:embedContent`, body.requests[1], headers);
    expect(single.json).toEqual({ embedding: { values: json.embeddings[1]!.values } });
  });

  it('takes the key from ?key= too, and refuses in the Google error shape', async () => {
    const byQuery = await sendJson(model('generateContent', '?key=AIza-query'), request);
    expect(byQuery.status).toBe(200);
    const missing = await sendJson(model('generateContent'), request);
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: { code: 401, message: expect.stringContaining('unregistered callers'), status: 'UNAUTHENTICATED' },
    });
    simulator.setBehaviour('gemini', { errorStatus: 429, retryAfterSeconds: 2 });
    const limited = await sendJson(model('generateContent'), request, headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toEqual({ error: { code: 429, message: expect.any(String), status: 'RESOURCE_EXHAUSTED' } });
    const noContents = await sendJson(model('generateContent'), {}, headers);
    expect(noContents.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });
});

describe('gemini format: a tool-using conversation (toolCallUntilResult)', () => {
  it('calls the function until the contents hold a functionResponse, then answers text quoting it', async () => {
    simulator.setBehaviour('gemini', {
      toolCall: { name: 'find', arguments: { q: 'x' } },
      toolCallUntilResult: true,
      text: undefined,
    });
    const first = await sendJson(model('generateContent'), request, headers);
    expect(first.json).toMatchObject({ candidates: [{ content: { parts: [{ functionCall: { name: 'find' } }] } }] });
    const afterCall = {
      ...request,
      contents: [
        ...request.contents,
        { role: 'model', parts: [{ functionCall: { name: 'find', args: { q: 'x' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'find', response: { found: 3 } } }] },
      ],
    };
    const second = await sendJson(model('generateContent'), afterCall, headers);
    const parts = (second.json as { candidates: { content: { parts: { text?: string }[] } }[] }).candidates[0]!.content.parts;
    expect(parts.map((part) => part.text).join('')).toBe('The tool returned: {"found":3}');
  });
});
