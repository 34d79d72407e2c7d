import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// The legacy text completion, served by chat models of each upstream format through the openai SDK.
describe('POST /v1/completions through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([
      { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }] },
      { id: 'anthropic', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5' }] },
      { id: 'gemini', format: 'gemini', models: [{ id: 'gemini-2.5-flash' }] },
    ]);
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());

  for (const [provider, model] of [
    ['deepseek', 'deepseek-v4-flash'],
    ['anthropic', 'claude-sonnet-4-5'],
    ['gemini', 'gemini-2.5-flash'],
  ] as const) {
    it(`answers a whole text_completion from ${provider}, the prompt as the user message`, async () => {
      const { data, response } = await client.completions
        .create({ model, prompt: 'Say hello', max_tokens: 40, stop: ['\n\n'] })
        .withResponse();
      expect(data.object).toBe('text_completion');
      expect(data.id).toBe(`cmpl-${response.headers.get('x-request-id')}`);
      expect(data.choices).toHaveLength(1);
      expect(data.choices[0]).toMatchObject({ index: 0, logprobs: null, finish_reason: 'stop' });
      expect(data.choices[0]!.text).toContain(`Hello from ${provider}`);
      const sent = harness.simulator.requests(provider).at(-1)!;
      expect(data.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
      expect(data.usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
      expect(JSON.stringify(sent.body)).toContain('Say hello');
    });

    it(`streams text_completion chunks from ${provider}, ending with [DONE]`, async () => {
      const stream = await client.completions.create({ model, prompt: ['Stream please'], stream: true });
      let text = '';
      const finishes: (string | null)[] = [];
      for await (const chunk of stream) {
        expect(chunk.object).toBe('text_completion');
        text += chunk.choices[0]?.text ?? '';
        finishes.push(chunk.choices[0]?.finish_reason ?? null);
      }
      expect(text).toContain(`Hello from ${provider}`);
      expect(finishes.at(-1)).toBe('stop');
      expect(finishes.slice(0, -1).every((reason) => reason === null)).toBe(true);
    });
  }

  it('puts the prompt in front with echo, whole and streamed', async () => {
    const whole = await client.completions.create({ model: 'deepseek-v4-flash', prompt: 'Once upon a time', echo: true });
    expect(whole.choices[0]!.text.startsWith('Once upon a timeHello from deepseek')).toBe(true);
    const stream = await client.completions.create({ model: 'deepseek-v4-flash', prompt: 'Once', echo: true, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text.startsWith('OnceHello from deepseek')).toBe(true);
  });

  it('sends the usage chunk when stream_options.include_usage asks for it', async () => {
    const stream = await client.completions.create({
      model: 'deepseek-v4-flash',
      prompt: 'Count',
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage ??= chunk.usage ?? undefined;
    expect(usage?.completion_tokens).toBe(harness.simulator.requests('deepseek').at(-1)!.usageSent?.outputTokens);
  });

  it('refuses what a chat model cannot do with a 400 naming the field', async () => {
    for (const [body, param] of [
      [{ suffix: ' the end.' }, 'suffix'],
      [{ logprobs: 3 }, 'logprobs'],
      [{ prompt: ['one', 'two'] }, 'prompt'],
      [{ n: 2 }, 'n'],
    ] as const) {
      const error = await client.completions
        .create({ model: 'deepseek-v4-flash', prompt: 'Hi', ...body } as OpenAI.CompletionCreateParamsNonStreaming)
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    }
  });

  it('answers an unknown model with a 404 in OpenAI shape', async () => {
    const error = await client.completions.create({ model: 'no-such-model', prompt: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
