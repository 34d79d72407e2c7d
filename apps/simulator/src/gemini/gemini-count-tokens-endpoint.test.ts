import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let countUrl: string;
const headers = { 'x-goog-api-key': 'AIza-test' };
// 6 (system) + 8 characters, the system instruction as a second message: ceil(14 / 4) + 3 * 2 = 10.
const prompt = {
  systemInstruction: { parts: [{ text: 'Be fun' }] },
  contents: [{ role: 'user', parts: [{ text: 'Tell me.' }] }],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  const { baseUrl } = simulator.addProvider('gemini', 'gemini', { expectedKey: 'AIza-test' });
  countUrl = `${baseUrl}/models/gemini-2.5-flash:countTokens`;
});

const counted = (tokens: number) => ({ totalTokens: tokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens }] });

describe('gemini countTokens', () => {
  it('counts a generateContentRequest as generateContent counts its prompt', async () => {
    const response = await sendJson(
      countUrl,
      { generateContentRequest: { model: 'models/gemini-2.5-flash', ...prompt } },
      headers,
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual(counted(10));
    const generated = await sendJson(countUrl.replace(':countTokens', ':generateContent'), prompt, headers);
    expect((generated.json as { usageMetadata: { promptTokenCount: number } }).usageMetadata.promptTokenCount).toBe(10);
  });

  it('counts bare contents, and records the request with nothing billable sent', async () => {
    const response = await sendJson(countUrl, { contents: prompt.contents }, headers);
    // 8 characters, one message: ceil(8 / 4) + 3 = 5.
    expect(response.json).toEqual(counted(5));
    const [recorded] = simulator.requests('gemini');
    expect(recorded!.path).toBe('/p/gemini/v1beta/models/gemini-2.5-flash:countTokens');
    expect(recorded!.body).toEqual({ contents: prompt.contents });
    expect(recorded!.usageSent).toBeNull();
  });

  it('takes the behaviour input count when one is set', async () => {
    simulator.setBehaviour('gemini', { inputTokens: 777 });
    expect((await sendJson(countUrl, { contents: prompt.contents }, headers)).json).toEqual(counted(777));
  });

  it('refuses both forms at once, a request without a model, and no contents', async () => {
    const both = await sendJson(countUrl, { contents: prompt.contents, generateContentRequest: prompt }, headers);
    expect(both.status).toBe(400);
    expect(both.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect((await sendJson(countUrl, { generateContentRequest: prompt }, headers)).status).toBe(400);
    expect((await sendJson(countUrl, {}, headers)).status).toBe(400);
  });

  it('refuses a wrong key and injects the configured error in Google shape', async () => {
    const wrongKey = await sendJson(countUrl, { contents: prompt.contents }, { 'x-goog-api-key': 'AIza-other' });
    expect(wrongKey.status).toBe(401);
    simulator.setBehaviour('gemini', { errorStatus: 503 });
    const overloaded = await sendJson(countUrl, { contents: prompt.contents }, headers);
    expect(overloaded.status).toBe(503);
    expect(overloaded.json).toMatchObject({ error: { code: 503, message: 'The model is overloaded. Please try again later.' } });
  });
});
