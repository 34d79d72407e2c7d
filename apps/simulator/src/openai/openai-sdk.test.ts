import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';

// The official client parses what the simulator sends: proof the wire format is compatible.
let simulator: Simulator;
let client: OpenAI;

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  const { baseUrl } = simulator.addProvider('openai-main', 'openai', { chunkCount: 4, expectedKey: 'sk-sdk' });
  client = new OpenAI({ apiKey: 'sk-sdk', baseURL: baseUrl, maxRetries: 0 });
});

const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Say hello' }];

describe('openai npm client against the openai format', () => {
  it('reads a whole completion and its usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]!.message.content).toBe('Hello from openai-main. Token 2. Token 3. Token 4.');
    expect(completion.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 });
  });

  it('streams text and the final usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello from openai-main. Token 2. Token 3. Token 4.');
    expect(usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 4 });
  });

  it('assembles a streamed tool call with the stream helper', async () => {
    simulator.setBehaviour('openai-main', { toolCall: { name: 'lookup', arguments: { query: 'switchboard', limit: 3 } } });
    const runner = client.chat.completions.stream({
      model: 'gpt-4o',
      messages,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('lookup');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ query: 'switchboard', limit: 3 });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('decodes embeddings sent as base64, its default encoding', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(simulator.requests('openai-main')[0]!.body).toMatchObject({ encoding_format: 'base64' });
    expect(response.data).toHaveLength(2);
    expect(response.data[0]!.embedding).toHaveLength(8);
    expect(Math.hypot(...response.data[0]!.embedding)).toBeCloseTo(1, 5);
  });

  it('surfaces errors as APIError with the OpenAI error fields and Retry-After', async () => {
    simulator.setBehaviour('openai-main', { errorStatus: 429, retryAfterSeconds: 7, errorMessage: 'slow down' });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiError.status).toBe(429);
    expect(apiError.type).toBe('requests');
    expect(apiError.code).toBe('rate_limit_exceeded');
    expect(apiError.message).toContain('slow down');
    expect(apiError.headers.get('retry-after')).toBe('7');
  });

  it('lets the client retry past failFirst', async () => {
    simulator.setBehaviour('openai-main', { errorStatus: 503, failFirst: 1, retryAfterSeconds: 1 });
    const retrying = new OpenAI({ apiKey: 'sk-sdk', baseURL: client.baseURL, maxRetries: 2 });
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o', messages });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(simulator.requests('openai-main').map((record) => record.status)).toEqual([503, 200]);
  });

  it('rejects a wrong key as AuthenticationError', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-other-key', baseURL: client.baseURL, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: 'gpt-4o', messages })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('reads a whole Responses answer, its output_text and usage', async () => {
    const response = await client.responses.create({ model: 'gpt-5', instructions: 'Be brief.', input: 'Say hello' });
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Hello from openai-main. Token 2. Token 3. Token 4.');
    expect(response.usage).toMatchObject({ input_tokens: 11, output_tokens: 4, total_tokens: 15 });
  });

  it('streams a Responses answer with the responses.stream() helper, reasoning and a tool call included', async () => {
    simulator.setBehaviour('openai-main', {
      reasoning: 'Look it up.',
      toolCall: { name: 'lookup', arguments: { query: 'switchboard', limit: 3 } },
    });
    const runner = client.responses.stream({
      model: 'gpt-5',
      input: [{ role: 'user', content: 'Find switchboard' }],
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' }, strict: false }],
      reasoning: { effort: 'low', summary: 'auto' },
    });
    let argumentsText = '';
    runner.on('response.function_call_arguments.delta', (event) => {
      argumentsText += event.delta;
    });
    const response = await runner.finalResponse();
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const [reasoning, call] = response.output;
    expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toBe('Look it up.');
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual({ query: 'switchboard', limit: 3 });
    expect(JSON.parse(argumentsText)).toEqual({ query: 'switchboard', limit: 3 });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(4);
  });

  it('raises an APIError with the status for a failed Responses request', async () => {
    simulator.setBehaviour('openai-main', {
      errorStatus: 400,
      errorMessage: 'Your input exceeds the context window of this model.',
    });
    await expect(client.responses.create({ model: 'gpt-5', input: 'hi' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('context window'),
    });
  });
});

describe('openai npm client against the legacy completions endpoints', () => {
  it('reads a whole text_completion: a choice per prompt, echo, logprobs and usage', async () => {
    const completion = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: ['Say', 'Tell'],
      echo: true,
      logprobs: 3,
    });
    expect(completion.object).toBe('text_completion');
    expect(completion.id).toMatch(/^cmpl-sim\d+$/);
    expect(completion.choices.map((choice) => [choice.index, choice.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'stop'],
    ]);
    expect(completion.choices[1]!.text).toBe('TellHello from openai-main. Token 2. Token 3. Token 4.');
    const logprobs = completion.choices[0]!.logprobs!;
    expect(logprobs.tokens).toHaveLength(4);
    expect(logprobs.token_logprobs).toHaveLength(4);
    expect(Object.keys(logprobs.top_logprobs![0]!)).toHaveLength(3);
    expect(logprobs.text_offset![0]).toBe('Say'.length);
    expect(completion.usage).toMatchObject({ completion_tokens: 8 });
  });

  it("streams text_completion chunks and the usage chunk, on OpenAI's path and DeepSeek's /beta one", async () => {
    const { baseUrl } = simulator.addProvider('deepseek', 'openai', { chunkCount: 3 });
    const deepseek = new OpenAI({ apiKey: 'sk-any', baseURL: baseUrl.replace(/\/v1$/, '/beta'), maxRetries: 0 });
    for (const [sdk, model] of [
      [client, 'gpt-3.5-turbo-instruct'],
      [deepseek, 'deepseek-chat'],
    ] as const) {
      const stream = await sdk.completions.create({
        model,
        prompt: 'def fib(a):',
        suffix: '    return fib(a-1) + fib(a-2)',
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      const finishes: (string | null)[] = [];
      for await (const chunk of stream) {
        expect(chunk.object).toBe('text_completion');
        if (chunk.choices[0]) {
          text += chunk.choices[0].text;
          finishes.push(chunk.choices[0].finish_reason);
        }
        usage ??= chunk.usage ?? undefined;
      }
      expect(text).toMatch(/^Hello from /);
      expect(finishes.at(-1)).toBe('stop');
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    }
    expect(simulator.requests('deepseek').at(-1)!.path).toBe('/p/deepseek/beta/completions');
  });

  it('refuses a body without a prompt as OpenAI does', async () => {
    const error = await client.completions
      .create({ model: 'gpt-3.5-turbo-instruct' } as OpenAI.CompletionCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });
});
