import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

// The same SDK calls served by Bedrock (SigV4, Converse, the binary event stream) and by Vertex
// (service-account OAuth; Gemini and Claude), each played by the simulator, which checks the
// signature and the token.
const SERVED_BY = [
  { provider: 'bedrock', model: 'claude-on-bedrock' },
  { provider: 'vertex', model: 'gemini-on-vertex' },
  { provider: 'vertex', model: 'claude-on-vertex' },
] as const;

describe('Bedrock and Vertex through the gateway', () => {
  let harness: Harness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    harness = await startHarness([
      {
        id: 'bedrock',
        format: 'bedrock',
        models: [{ id: 'claude-on-bedrock', upstream: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }],
      },
      {
        id: 'vertex',
        format: 'vertex',
        models: [
          { id: 'gemini-on-vertex', upstream: 'gemini-2.5-flash' },
          { id: 'claude-on-vertex', upstream: 'claude-sonnet-4-5@20250929' },
        ],
      },
    ]);
    openai = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: harness.gateway.url, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());

  for (const { provider, model } of SERVED_BY) {
    it(`answers a whole chat completion from ${model} with usage`, async () => {
      const completion = await openai.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Hello?' },
        ],
        max_tokens: 100,
      });
      expect(completion.choices[0]?.message.content).toContain(`Hello from ${provider}`);
      const sent = harness.simulator.requests(provider).at(-1)!;
      expect(sent.status).toBe(200);
      expect(completion.usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
      expect(completion.usage?.completion_tokens).toBe(sent.usageSent?.outputTokens);
    });

    it(`streams a tool call from ${model} with the OpenAI SDK`, async () => {
      harness.simulator.setBehaviour(provider, { toolCall: { name: 'get_weather', arguments: { city: 'Oslo' } } });
      try {
        const stream = await openai.chat.completions.create({
          model,
          messages: [{ role: 'user', content: 'Weather in Oslo?' }],
          tools: [weatherTool],
          stream: true,
          stream_options: { include_usage: true },
        });
        let name = '';
        let args = '';
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | undefined | null;
        for await (const chunk of stream) {
          const call = chunk.choices[0]?.delta.tool_calls?.[0];
          if (call?.function?.name) name += call.function.name;
          if (call?.function?.arguments) args += call.function.arguments;
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
        expect(name).toBe('get_weather');
        expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
        expect(finish).toBe('tool_calls');
        const sent = harness.simulator.requests(provider).at(-1)!;
        expect(usage?.prompt_tokens).toBe(sent.usageSent?.inputTokens);
      } finally {
        harness.simulator.setBehaviour(provider, { toolCall: undefined });
      }
    });

    it(`answers the Responses API from ${model}, whole and streamed`, async () => {
      const whole = await openai.responses.create({ model, input: 'Hello?' });
      expect(whole.output_text).toContain(`Hello from ${provider}`);
      expect(whole.usage?.output_tokens).toBeGreaterThan(0);
      const stream = await openai.responses.create({ model, input: 'Hello?', stream: true });
      let text = '';
      let completed = false;
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') completed = true;
      }
      expect(text).toContain(`Hello from ${provider}`);
      expect(completed).toBe(true);
    });

    it(`answers the Anthropic SDK on /v1/messages from ${model}, whole and streamed`, async () => {
      const message = await anthropic.messages.create({
        model,
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hello?' }],
      });
      expect(message.content[0]).toMatchObject({ type: 'text' });
      expect((message.content[0] as { text: string }).text).toContain(`Hello from ${provider}`);
      const stream = anthropic.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello?' }] });
      const final = await stream.finalMessage();
      expect((final.content[0] as { text: string }).text).toContain(`Hello from ${provider}`);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });
  }

  it('signs Bedrock requests with SigV4 and never sends the secret key', () => {
    const sent = harness.simulator.requests('bedrock').at(-1)!;
    expect(sent.path).toMatch(
      /\/model\/us\.anthropic\.claude-sonnet-4-5-20250929-v1%3A0\/(converse|invoke)(-stream|-with-response-stream)?$/,
    );
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    expect(JSON.stringify(sent)).not.toContain('wJalrXUtnFEMI');
  });

  it("sends a Messages client's own body to Claude on Bedrock through InvokeModel, cache_control kept", async () => {
    const system = [{ type: 'text' as const, text: 'Long instructions', cache_control: { type: 'ephemeral' as const } }];
    const message = await anthropic.messages.create({
      model: 'claude-on-bedrock',
      max_tokens: 100,
      system,
      messages: [{ role: 'user', content: 'Hello?' }],
    });
    expect((message.content[0] as { text: string }).text).toContain('Hello from bedrock');
    const sent = harness.simulator.requests('bedrock').at(-1)!;
    expect(sent.path).toBe('/p/bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke');
    expect(sent.body).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      system,
      messages: [{ role: 'user', content: 'Hello?' }],
    });
    const streamed = await anthropic.messages
      .stream({ model: 'claude-on-bedrock', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();
    expect((streamed.content[0] as { text: string }).text).toContain('Hello from bedrock');
    expect(harness.simulator.requests('bedrock').at(-1)!.path).toMatch(/\/invoke-with-response-stream$/);
  });

  it("sends a Messages client's own body to Claude on Vertex at rawPredict, cache_control kept", async () => {
    const system = [{ type: 'text' as const, text: 'Long instructions', cache_control: { type: 'ephemeral' as const } }];
    await anthropic.messages.create({
      model: 'claude-on-vertex',
      max_tokens: 100,
      system,
      messages: [{ role: 'user', content: 'Hello?' }],
    });
    const sent = harness.simulator.requests('vertex').at(-1)!;
    expect(sent.path).toMatch(/\/publishers\/anthropic\/models\/claude-sonnet-4-5@20250929:rawPredict$/);
    expect(sent.body).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 100,
      system,
      messages: [{ role: 'user', content: 'Hello?' }],
    });
  });

  it('calls Vertex with a bearer token got once from the token endpoint', () => {
    const requests = harness.simulator.requests('vertex');
    const tokenCalls = requests.filter((request) => request.path.endsWith('/token'));
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.status).toBe(200);
    const gemini = requests.find((request) => request.path.includes('/publishers/google/models/gemini-2.5-flash:'))!;
    expect(gemini.path).toBe(
      '/p/vertex/v1/projects/switchboard-sim/locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(gemini.headers.authorization).toMatch(/^Bearer ya29\.sim\./);
    const claude = requests.find((request) => request.path.includes(':rawPredict'))!;
    expect(claude.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16' });
    expect((claude.body as Record<string, unknown>).model).toBeUndefined();
  });

  it('answers a throttled Bedrock 429 and a too-long prompt as context_length_exceeded', async () => {
    harness.simulator.setBehaviour('bedrock', { errorStatus: 429 });
    try {
      const throttled = await harness.post('/v1/chat/completions', {
        model: 'claude-on-bedrock',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(throttled.status).toBe(429);
      harness.simulator.setBehaviour('bedrock', { errorStatus: 400 });
      const tooLong = await harness.post('/v1/chat/completions', {
        model: 'claude-on-bedrock',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(tooLong.status).toBe(400);
      expect(((await tooLong.json()) as { error: { code: string } }).error.code).toBe('context_length_exceeded');
    } finally {
      harness.simulator.setBehaviour('bedrock', { errorStatus: null });
    }
  });

  it('fails over on a Bedrock exception frame before any output, and ends a begun stream with an error', async () => {
    const exception = { type: 'modelStreamErrorException', message: 'The model stream failed mid-answer.' };
    const ask = () =>
      harness.post('/v1/chat/completions', {
        model: 'claude-on-bedrock',
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      });
    try {
      // All frames in one write: the exception arrives before the client got anything, so the
      // attempt fails as a whole (another provider could take it) and the client gets a 502.
      harness.simulator.setBehaviour('bedrock', { streamException: exception });
      const early = await ask();
      expect(early.status).toBe(502);
      expect(await early.text()).toContain('The model stream failed mid-answer.');
      // Frames a few milliseconds apart: the text went out first, then the error frame ends it.
      harness.simulator.setBehaviour('bedrock', { streamException: exception, chunkGapMs: 5 });
      const late = await ask();
      const text = await late.text();
      expect(late.status).toBe(200);
      expect(text).toContain('Hello from bedrock');
      expect(text).toContain('The model stream failed mid-answer.');
      expect(text).not.toContain('[DONE]');
    } finally {
      harness.simulator.setBehaviour('bedrock', { streamException: undefined, chunkGapMs: 0 });
    }
  });

  it('redacts a secret access key a Bedrock error echoes', async () => {
    harness.simulator.setBehaviour('bedrock', {
      errorStatus: 400,
      errorMessage: `Bad request signed with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (${encodeURIComponent('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')})`,
    });
    try {
      const response = await harness.post('/v1/chat/completions', {
        model: 'claude-on-bedrock',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).toContain('[redacted]');
      expect(text).not.toMatch(/wJalrXUtnFEMI/i);
      expect(harness.logs.join('')).not.toMatch(/wJalrXUtnFEMI/i);
    } finally {
      harness.simulator.setBehaviour('bedrock', { errorStatus: null, errorMessage: undefined });
    }
  });
});
