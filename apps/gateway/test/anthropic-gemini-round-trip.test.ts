import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

// The same OpenAI-shaped calls served by Anthropic's and Gemini's wire formats.
describe('Anthropic and Gemini through the gateway', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([
      { id: 'anthropic', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5' }] },
      { id: 'gemini', format: 'gemini', models: [{ id: 'gemini-2.5-flash' }, { id: 'gemini-embedding-001', kind: 'embedding' }] },
    ]);
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('converts an Anthropic round trip with a system prompt, an image and tools', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this.' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
      tools: [weatherTool],
      tool_choice: 'auto',
      stop: ['END'],
    });
    expect(completion.choices[0]?.message.content).toContain('Hello from anthropic');
    const sent = harness.simulator.requests('anthropic').at(-1)!;
    expect(sent.path).toMatch(/\/v1\/messages$/);
    expect(sent.headers['x-api-key']).toBe(PROVIDER_SECRET);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      system: 'You are terse.',
      max_tokens: 4096,
      stop_sequences: ['END'],
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: weatherTool.function.parameters }],
      tool_choice: { type: 'auto' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expect(completion.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
    expect(completion.usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
  });

  it('runs a whole Anthropic tool loop: tool call out, tool result back', async () => {
    harness.simulator.setBehaviour('anthropic', { toolCall: { name: 'get_weather', arguments: { city: 'Oslo' } } });
    const first = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    harness.simulator.setBehaviour('anthropic', { toolCall: undefined });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });

    await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature":3}' },
      ],
    });
    const sent = harness.simulator.requests('anthropic').at(-1)!.body as { messages: unknown[] };
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"temperature":3}' }] },
    ]);
  });

  it('streams an Anthropic tool call as OpenAI tool_calls deltas', async () => {
    harness.simulator.setBehaviour('anthropic', {
      toolCall: { name: 'get_weather', arguments: { city: 'Lima', units: 'metric' } },
    });
    try {
      const stream = client.chat.completions.stream({
        model: 'claude-sonnet-4-5',
        tools: [weatherTool],
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Weather in Lima?' }],
      });
      const final = await stream.finalChatCompletion();
      const call = final.choices[0]?.message.tool_calls?.[0];
      expect(final.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Lima', units: 'metric' });
      expect(final.usage?.completion_tokens).toBe(harness.simulator.requests('anthropic').at(-1)!.usageSent?.outputTokens);
    } finally {
      harness.simulator.setBehaviour('anthropic', { toolCall: undefined });
    }
  });

  it('streams Anthropic text as OpenAI chunks', async () => {
    const stream = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from anthropic. Token 2. Token 3. Token 4. Token 5.');
  });

  it('converts a Gemini round trip, whole and streamed, with the key in a header only', async () => {
    const whole = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 64,
    });
    expect(whole.choices[0]?.message.content).toContain('Hello from gemini');
    const sent = harness.simulator.requests('gemini').at(-1)!;
    expect(sent.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(sent.headers['x-goog-api-key']).toBe(PROVIDER_SECRET);
    expect(JSON.stringify(sent.query)).not.toContain(PROVIDER_SECRET);
    expect(sent.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be kind.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      generationConfig: { maxOutputTokens: 64 },
    });
    expect(whole.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);

    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from gemini. Token 2. Token 3. Token 4. Token 5.');
    expect(harness.simulator.requests('gemini').at(-1)!.query).toMatchObject({ alt: 'sse' });
  });

  it('returns a Gemini function call as an OpenAI tool call', async () => {
    harness.simulator.setBehaviour('gemini', { toolCall: { name: 'get_weather', arguments: { city: 'Rome' } } });
    try {
      const completion = await client.chat.completions.create({
        model: 'gemini-2.5-flash',
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Rome?' }],
      });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call?.type === 'function' && call.function.name).toBe('get_weather');
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
    } finally {
      harness.simulator.setBehaviour('gemini', { toolCall: undefined });
    }
  });

  it('embeds through Gemini and encodes the floats as base64 for the SDK', async () => {
    const result = await client.embeddings.create({ model: 'gemini-embedding-001', input: ['alpha', 'beta'] });
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    expect(result.data[0]?.embedding).toHaveLength(8);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    expect(harness.simulator.requests('gemini').at(-1)!.path).toMatch(/:batchEmbedContents$/);
  });
});
