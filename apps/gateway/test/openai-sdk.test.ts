import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

// The official openai client (v6) pointed at the gateway, with DeepSeek played by the simulator.
describe('the openai SDK against the gateway', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([
      {
        id: 'deepseek',
        format: 'openai',
        models: [{ id: 'deepseek-v4-flash' }, { id: 'text-embedding-3-small', kind: 'embedding' }],
      },
    ]);
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'gateway-key-unused-yet', maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('completes a chat and reports usage and routing headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain('Hello from deepseek');
    const sent = harness.simulator.requests('deepseek').at(-1)!;
    expect(data.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
    expect(data.usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-model')).toBe('deepseek-v4-flash');
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{20}$/);
    // The provider's key went upstream as a Bearer token; the client's key did not.
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
  });

  it('streams chunk by chunk and strips the usage chunk the client did not ask for', async () => {
    const stream = await client.chat.completions.create({
      model: 'deepseek-v4-flash',
      stream: true,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.usage ?? null).toBeNull();
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe('Hello from deepseek. Token 2. Token 3. Token 4. Token 5.');
    // The gateway asked the upstream for usage even though the client did not.
    expect(harness.simulator.requests('deepseek').at(-1)!.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('keeps the usage chunk when the client asks for include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'deepseek-v4-flash',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Count me' }],
    });
    const usages = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toHaveLength(1);
    expect(usages[0]?.completion_tokens).toBe(harness.simulator.requests('deepseek').at(-1)!.usageSent?.outputTokens);
  });

  it('passes every parameter it does not need through untouched, images included', async () => {
    const parameters = {
      temperature: 0.3,
      top_p: 0.8,
      stop: ['\n\n'],
      seed: 42,
      n: 1,
      logprobs: true,
      top_logprobs: 2,
      user: 'user-1234',
      parallel_tool_calls: false,
      response_format: { type: 'json_object' as const },
      tools: [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
      tool_choice: 'auto' as const,
    };
    const messages = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'What is in this image?' },
          {
            type: 'image_url' as const,
            image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==', detail: 'low' as const },
          },
        ],
      },
    ];
    await client.chat.completions.create({ model: 'deepseek-v4-flash', messages, ...parameters });
    const received = harness.simulator.requests('deepseek').at(-1)!.body as Record<string, unknown>;
    expect(received).toEqual({ model: 'deepseek-v4-flash', messages, ...parameters });
  });

  it('returns a tool call the upstream made, whole and streamed', async () => {
    harness.simulator.setBehaviour('deepseek', { toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } });
    try {
      const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
      const whole = await client.chat.completions.create({
        model: 'deepseek-v4-flash',
        tools,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      });
      expect(whole.choices[0]?.finish_reason).toBe('tool_calls');
      const call = whole.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

      const stream = client.chat.completions.stream({
        model: 'deepseek-v4-flash',
        tools,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      });
      const final = await stream.finalChatCompletion();
      const streamed = final.choices[0]?.message.tool_calls?.[0];
      expect(streamed?.type === 'function' && streamed.function.name).toBe('get_weather');
      expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ city: 'Paris' });
    } finally {
      harness.simulator.setBehaviour('deepseek', { toolCall: undefined });
    }
  });

  it('creates embeddings, in the base64 encoding the SDK asks for by default', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(8);
    expect(result.data[0]?.embedding.every((value) => Number.isFinite(value))).toBe(true);
    expect(harness.simulator.requests('deepseek').at(-1)!.body).toMatchObject({ encoding_format: 'base64' });
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'one', encoding_format: 'float' });
    expect(floats.data[0]?.embedding).toEqual(result.data[0]?.embedding.map((value) => Math.fround(value)));
  });

  it('lists models with prices, context windows and the providers that serve them', async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toContain('deepseek-v4-flash');
    const model = page.data.find((entry) => entry.id === 'deepseek-v4-flash') as unknown as {
      providers: { id: string; available: boolean }[];
    };
    expect(model.providers).toEqual([expect.objectContaining({ id: 'deepseek', available: true })]);
  });

  it('counts requests, attempts and tokens at /metrics', async () => {
    const text = await (await fetch(`${harness.gateway.url}/metrics`)).text();
    expect(text).toMatch(/switchboard_requests_total\{route="chat.completions",status="200",outcome="success"\} [1-9]/);
    expect(text).toMatch(/switchboard_upstream_attempts_total\{provider="deepseek",result="served"\} [1-9]/);
    expect(text).toMatch(/switchboard_output_tokens_total\{provider="deepseek"\} [1-9]/);
    expect(text).not.toContain(PROVIDER_SECRET);
  });

  it('never lets the provider key reach a response or a log line', () => {
    expect(harness.logs.length).toBeGreaterThan(5);
    for (const line of harness.logs) expect(line).not.toContain(PROVIDER_SECRET);
  });
});
