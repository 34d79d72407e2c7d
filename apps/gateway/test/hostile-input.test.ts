import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// Hostile input through the real app, on every surface: numeric fields out of bounds, model
// names that are Object.prototype keys, and JSON nested far deeper than any real request.

const ANTHROPIC = { 'anthropic-version': '2023-06-01' };
const chatBody = (extra: Record<string, unknown>) => ({
  model: 'good-model',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const messagesBody = (extra: Record<string, unknown>) => ({
  model: 'claude-model',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const responsesBody = (extra: Record<string, unknown>) => ({ model: 'good-model', input: 'Hi', ...extra });

interface OpenAIError {
  error: { message: string; type: string; param: string | null; code: string | null };
}
interface AnthropicError {
  type: 'error';
  error: { type: string; message: string };
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness([
    { id: 'good', format: 'openai', models: [{ id: 'good-model' }, { id: 'embed-model', kind: 'embedding' }] },
    { id: 'claude', format: 'anthropic', models: [{ id: 'claude-model' }] },
  ]);
});
afterAll(() => harness.close());

async function openAIError(response: Response, status = 400): Promise<OpenAIError['error']> {
  expect(response.status).toBe(status);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  const body = (await response.json()) as OpenAIError;
  return body.error;
}

async function anthropicError(response: Response, status = 400): Promise<AnthropicError['error']> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as AnthropicError;
  expect(body.type).toBe('error');
  return body.error;
}

describe('strict numeric fields', () => {
  const chatCases: [string, Record<string, unknown>, string][] = [
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens'],
    ['max_tokens -1', { max_tokens: -1 }, 'max_tokens'],
    ['max_tokens 1.5', { max_tokens: 1.5 }, 'max_tokens'],
    ['max_tokens above the ceiling', { max_tokens: 16_777_217 }, 'max_tokens'],
    ['max_completion_tokens -1e8', { max_completion_tokens: -1e8 }, 'max_completion_tokens'],
    ['max_completion_tokens 1e300', { max_completion_tokens: 1e300 }, 'max_completion_tokens'],
    ['max_completion_tokens a string', { max_completion_tokens: '10' }, 'max_completion_tokens'],
    ['n 0', { n: 0 }, 'n'],
    ['n 129', { n: 129 }, 'n'],
    ['top_logprobs 21', { top_logprobs: 21 }, 'top_logprobs'],
    ['top_logprobs -1', { top_logprobs: -1 }, 'top_logprobs'],
    ['logprobs a number', { logprobs: 5 }, 'logprobs'],
  ];
  it.each(chatCases)('Chat Completions refuses %s with a 400 naming the field', async (_name, extra, param) => {
    const error = await openAIError(await harness.post('/v1/chat/completions', chatBody(extra)));
    expect(error).toMatchObject({ type: 'invalid_request_error', param });
    expect(error.message).toContain(param);
  });

  it('Chat Completions serves the bounds themselves', async () => {
    const response = await harness.post(
      '/v1/chat/completions',
      chatBody({ max_tokens: 1, max_completion_tokens: 16_777_216, n: 1, top_logprobs: 0, logprobs: true }),
    );
    expect(response.status).toBe(200);
  });

  const messagesCases: [string, Record<string, unknown>, string][] = [
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens'],
    ['max_tokens 1.5', { max_tokens: 1.5 }, 'max_tokens'],
    ['max_tokens -1e8', { max_tokens: -1e8 }, 'max_tokens'],
    ['max_tokens above the ceiling', { max_tokens: 1e12 }, 'max_tokens'],
    ['thinking.budget_tokens 0', { thinking: { type: 'enabled', budget_tokens: 0 } }, 'thinking.budget_tokens'],
    ['thinking.budget_tokens 2.5', { thinking: { type: 'enabled', budget_tokens: 2.5 } }, 'thinking.budget_tokens'],
    ['thinking.budget_tokens 1e12', { thinking: { type: 'enabled', budget_tokens: 1e12 } }, 'thinking.budget_tokens'],
    ['top_k -1', { top_k: -1 }, 'top_k'],
  ];
  it.each(messagesCases)('Messages refuses %s with an invalid_request_error naming the field', async (_name, extra, field) => {
    const error = await anthropicError(await harness.post('/v1/messages', messagesBody(extra), ANTHROPIC));
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain(field);
  });

  it('count_tokens holds max_tokens to the same bounds when it is sent', async () => {
    const error = await anthropicError(
      await harness.post('/v1/messages/count_tokens', messagesBody({ max_tokens: -5 }), ANTHROPIC),
    );
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain('max_tokens');
  });

  const responsesCases: [string, Record<string, unknown>, string][] = [
    ['max_output_tokens 0', { max_output_tokens: 0 }, 'max_output_tokens'],
    ['max_output_tokens -1e8', { max_output_tokens: -1e8 }, 'max_output_tokens'],
    ['max_output_tokens 2.5', { max_output_tokens: 2.5 }, 'max_output_tokens'],
    ['max_output_tokens 1e12', { max_output_tokens: 1e12 }, 'max_output_tokens'],
    ['top_logprobs 99', { top_logprobs: 99 }, 'top_logprobs'],
  ];
  it.each(responsesCases)('Responses refuses %s with a 400 naming the field', async (_name, extra, param) => {
    const error = await openAIError(await harness.post('/v1/responses', responsesBody(extra)));
    expect(error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it.each([
    ['dimensions 0', { dimensions: 0 }],
    ['dimensions 1.5', { dimensions: 1.5 }],
    ['dimensions -1e8', { dimensions: -1e8 }],
    ['dimensions 1e9', { dimensions: 1e9 }],
  ])('embeddings refuses %s with a 400 naming the field', async (_name, extra) => {
    const error = await openAIError(await harness.post('/v1/embeddings', { model: 'embed-model', input: 'Hi', ...extra }));
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'dimensions' });
  });

  it.each([
    ['max_tokens -1e8', { max_tokens: -1e8 }],
    ['max_tokens 1e12', { max_tokens: 1e12 }],
  ])('legacy completions refuses %s with a 400 naming the field', async (_name, extra) => {
    const error = await openAIError(await harness.post('/v1/completions', { model: 'good-model', prompt: 'Hi', ...extra }));
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'max_tokens' });
  });
});

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

describe('model names that are Object.prototype keys', () => {
  it.each(PROTOTYPE_NAMES)('Chat Completions answers %s with a 404 model_not_found', async (model) => {
    const error = await openAIError(await harness.post('/v1/chat/completions', chatBody({ model })), 404);
    expect(error.code).toBe('model_not_found');
  });

  it.each(PROTOTYPE_NAMES)('streaming Chat Completions answers %s with a 404', async (model) => {
    await openAIError(await harness.post('/v1/chat/completions', chatBody({ model, stream: true })), 404);
  });

  it.each(PROTOTYPE_NAMES)('Messages answers %s with a not_found_error', async (model) => {
    const error = await anthropicError(await harness.post('/v1/messages', messagesBody({ model }), ANTHROPIC), 404);
    expect(error.type).toBe('not_found_error');
  });

  it.each(PROTOTYPE_NAMES)('count_tokens answers %s with a not_found_error', async (model) => {
    const error = await anthropicError(await harness.post('/v1/messages/count_tokens', messagesBody({ model }), ANTHROPIC), 404);
    expect(error.type).toBe('not_found_error');
  });

  it.each(PROTOTYPE_NAMES)('Responses answers %s with a 404', async (model) => {
    await openAIError(await harness.post('/v1/responses', responsesBody({ model })), 404);
  });

  it.each(PROTOTYPE_NAMES)('legacy completions answers %s with a 404', async (model) => {
    await openAIError(await harness.post('/v1/completions', { model, prompt: 'Hi' }), 404);
  });

  it.each(PROTOTYPE_NAMES)('embeddings answers %s with a 404', async (model) => {
    await openAIError(await harness.post('/v1/embeddings', { model, input: 'Hi' }), 404);
  });

  it.each(PROTOTYPE_NAMES)('GET /v1/models/%s answers 404 in both shapes', async (model) => {
    const openai = await fetch(`${harness.baseUrl}/models/${model}`);
    expect((await openAIError(openai, 404)).code).toBe('model_not_found');
    const anthropic = await fetch(`${harness.baseUrl}/models/${model}`, { headers: ANTHROPIC });
    expect((await anthropicError(anthropic, 404)).type).toBe('not_found_error');
  });

  it.each(PROTOTYPE_NAMES)('GET /v1/generation?id=%s answers 404 generation_not_found', async (id) => {
    const error = await openAIError(await fetch(`${harness.baseUrl}/generation?id=${id}`), 404);
    expect(error.code).toBe('generation_not_found');
  });

  it.each(PROTOTYPE_NAMES)('a fallback list or provider preference naming %s is not a 500', async (name) => {
    const response = await harness.post(
      '/v1/chat/completions',
      chatBody({ models: [name, 'good-model'], provider: { order: [name], only: ['good', name] } }),
    );
    expect(response.status).toBeLessThan(500);
  });

  it('the log carries no unhandled error for any of them', () => {
    expect(harness.logs.join('')).not.toMatch(/unhandled error|request handling failed/);
  });
});

describe('deeply nested JSON', () => {
  const deep = (depth: number) =>
    `{"model":"good-model","messages":[{"role":"user","content":"Hi"}],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;

  it.each([
    ['/v1/chat/completions', {}],
    ['/v1/responses', {}],
    ['/v1/completions', {}],
    ['/v1/embeddings', {}],
    ['/v1/messages', ANTHROPIC],
    ['/v1/messages/count_tokens', ANTHROPIC],
  ])('%s refuses 200,000 levels with a 400, quickly', async (path, headers) => {
    const started = performance.now();
    const response = await harness.post(path, deep(200_000), headers);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('nested');
    expect(elapsed).toBeLessThan(1_000);
  });

  it('serves 100 levels (below the default limit of 128)', async () => {
    const response = await harness.post('/v1/chat/completions', deep(100));
    expect(response.status).toBe(200);
  });
});

describe('prototype keys with aliases and effort tables in play', () => {
  let aliased: Harness;
  beforeAll(async () => {
    aliased = await startHarness(
      [
        { id: 'good', format: 'openai', models: [{ id: 'good-model' }] },
        { id: 'claude', format: 'anthropic', models: [{ id: 'claude-model' }] },
        { id: 'gemini', format: 'gemini', models: [{ id: 'gemini-model' }] },
      ],
      { aliases: { fast: ['good-model'], 'zz-*': ['good-model'] } },
    );
  });
  afterAll(() => aliased.close());

  it.each(PROTOTYPE_NAMES)('%s is no alias: 404 on chat, Messages and Responses', async (model) => {
    await openAIError(await aliased.post('/v1/chat/completions', chatBody({ model })), 404);
    await anthropicError(await aliased.post('/v1/messages', messagesBody({ model }), ANTHROPIC), 404);
    await openAIError(await aliased.post('/v1/responses', responsesBody({ model })), 404);
  });

  it.each(PROTOTYPE_NAMES)('reasoning_effort %s to an Anthropic model is a 400 naming the field', async (effort) => {
    const error = await openAIError(
      await aliased.post('/v1/chat/completions', chatBody({ model: 'claude-model', reasoning_effort: effort })),
    );
    expect(error.param).toBe('reasoning_effort');
  });

  it.each(PROTOTYPE_NAMES)('a Gemini tool schema with a %s type or property is served', async (name) => {
    const response = await aliased.post(
      '/v1/chat/completions',
      chatBody({
        model: 'gemini-model',
        reasoning_effort: name,
        tools: [
          {
            type: 'function',
            function: { name: 'f', parameters: { type: 'object', properties: { [name]: { type: name } } } },
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
  });

  it('the log carries no unhandled error', () => {
    expect(aliased.logs.join('')).not.toMatch(/unhandled error|request handling failed/);
  });
});
