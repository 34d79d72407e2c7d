import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// The legacy text completion through the openai SDK: passed through natively to models that serve
// it (OpenAI's /v1/completions, DeepSeek's /beta/completions), else served by chat models of each
// upstream format.
describe('POST /v1/completions through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([
      {
        id: 'deepseek',
        format: 'openai',
        models: [
          { id: 'deepseek-v4-flash' },
          // DeepSeek's FIM endpoint sits beside /v1: https://api.deepseek.com/beta/completions.
          { id: 'deepseek-chat', capabilities: { legacyCompletions: '../beta/completions' } },
        ],
      },
      {
        id: 'openai',
        format: 'openai',
        models: [
          { id: 'gpt-3.5-turbo-instruct', capabilities: { legacyCompletions: 'completions' } },
          { id: 'shared-model', capabilities: { legacyCompletions: 'completions' } },
        ],
      },
      { id: 'chatonly', format: 'openai', models: [{ id: 'shared-model' }] },
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

  it('passes a body through natively to a model that serves completions: several prompts, suffix, logprobs, echo', async () => {
    const { data, response } = await client.completions
      .create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: ['def add(a, b):', 'def sub(a, b):'],
        suffix: '\n# end',
        logprobs: 2,
        echo: true,
        max_tokens: 30,
        provider: { allow_fallbacks: true },
      } as OpenAI.CompletionCreateParamsNonStreaming)
      .withResponse();
    const sent = harness.simulator.requests('openai').at(-1)!;
    expect(sent.path).toBe('/p/openai/v1/completions');
    // The client's body as sent, but for Switchboard's own routing field.
    expect(sent.body).toEqual({
      model: 'gpt-3.5-turbo-instruct',
      prompt: ['def add(a, b):', 'def sub(a, b):'],
      suffix: '\n# end',
      logprobs: 2,
      echo: true,
      max_tokens: 30,
    });
    // The provider's answer as it wrote it, its own id included.
    expect(data.id).toMatch(/^cmpl-sim\d+$/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(data.object).toBe('text_completion');
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(data.choices[0]!.text.startsWith('def add(a, b):Hello from openai')).toBe(true);
    expect(data.choices[1]!.text.startsWith('def sub(a, b):Hello from openai')).toBe(true);
    const logprobs = data.choices[0]!.logprobs!;
    expect(logprobs.tokens!.join('')).toBe(data.choices[0]!.text.slice('def add(a, b):'.length));
    expect(logprobs.top_logprobs![0]).toSatisfy((top: Record<string, number>) => Object.keys(top).length === 2);
    expect(logprobs.text_offset![0]).toBe('def add(a, b):'.length);
    expect(data.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
    expect(data.usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
  });

  it('streams natively: text_completion chunks as the provider sent them, its usage chunk only when asked', async () => {
    for (const includeUsage of [false, true]) {
      const stream = await client.completions.create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: 'Once',
        logprobs: 1,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      const ids = new Set<string>();
      let tokens = 0;
      for await (const chunk of stream) {
        expect(chunk.object).toBe('text_completion');
        ids.add(chunk.id);
        text += chunk.choices[0]?.text ?? '';
        tokens += chunk.choices[0]?.logprobs?.tokens?.length ?? 0;
        usage ??= chunk.usage ?? undefined;
      }
      const sent = harness.simulator.requests('openai').at(-1)!;
      expect(sent.path).toBe('/p/openai/v1/completions');
      // The gateway asks for usage to bill the stream, whatever the client asked.
      expect((sent.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
      expect(text).toContain('Hello from openai');
      expect(tokens).toBeGreaterThan(0);
      expect([...ids]).toEqual([expect.stringMatching(/^cmpl-sim\d+$/)]);
      if (includeUsage) expect(usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
      else expect(usage).toBeUndefined();
    }
  });

  it("serves suffix on DeepSeek's FIM endpoint at /beta/completions, whole and streamed", async () => {
    const whole = await client.completions.create({
      model: 'deepseek-chat',
      prompt: 'def fib(a):',
      suffix: '    return fib(a-1) + fib(a-2)',
      max_tokens: 128,
    });
    expect(harness.simulator.requests('deepseek').at(-1)!.path).toBe('/p/deepseek/beta/completions');
    expect(whole.choices[0]!.text).toContain('Hello from deepseek');
    expect(whole.choices[0]!.finish_reason).toBe('stop');
    const stream = await client.completions.create({ model: 'deepseek-chat', prompt: 'x = ', suffix: '\n', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(harness.simulator.requests('deepseek').at(-1)!.path).toBe('/p/deepseek/beta/completions');
    expect(text).toContain('Hello from deepseek');
  });

  it('skips a candidate that would have to translate a suffix, and serves from the next natively', async () => {
    const before = harness.simulator.requests('chatonly').length;
    const served = await client.completions
      .create({
        model: 'shared-model',
        prompt: 'The cat',
        suffix: ' the mat.',
        provider: { order: ['chatonly', 'openai'] },
      } as OpenAI.CompletionCreateParamsNonStreaming)
      .withResponse();
    expect(served.response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(served.data.choices[0]!.text).toContain('Hello from openai');
    expect(harness.simulator.requests('chatonly').length).toBe(before);
    // Without a field chat cannot express, the preferred chat-only candidate serves it, translated.
    const translated = await client.completions.create({
      model: 'shared-model',
      prompt: 'The cat',
      provider: { order: ['chatonly', 'openai'] },
    } as OpenAI.CompletionCreateParamsNonStreaming);
    expect(translated.choices[0]!.text).toContain('Hello from chatonly');
    expect(harness.simulator.requests('chatonly').at(-1)!.path).toBe('/p/chatonly/v1/chat/completions');
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
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('unsupported_parameter');
      expect((error as Error).message).toContain(`'${param}'`);
    }
  });

  it('answers an unknown model with a 404 in OpenAI shape', async () => {
    const error = await client.completions.create({ model: 'no-such-model', prompt: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
