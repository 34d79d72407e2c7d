import type { ChatCompletionChunk } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { parseOpenAIStream } from '../contract/parse-openai-stream';
import { GeminiStreamTranslator } from './gemini-stream-translator';
import { readFixture } from './read-fixture';

const context = { id: 'chatcmpl-test', created: 1_700_000_000, model: 'requested-model', includeUsage: false };

function event(response: unknown): string {
  return `data: ${JSON.stringify(response)}\r\n\r\n`;
}

function run(body: string, includeUsage = false) {
  const translator = new GeminiStreamTranslator({ ...context, includeUsage });
  const output = translator.push(body) + translator.end();
  return { translator, output, parsed: parseOpenAIStream(output) };
}

function deltas(chunks: ChatCompletionChunk[]) {
  return chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
}

describe('GeminiStreamTranslator', () => {
  it('puts the assistant role on the first chunk only, and names the model from modelVersion', () => {
    const { parsed } = run(readFixture('stream-generate-content.sse'));
    expect(parsed.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'The sky looks blue because' });
    expect(deltas(parsed.chunks.slice(1)).every((delta) => delta.role === undefined)).toBe(true);
    for (const chunk of parsed.chunks) {
      expect(chunk.id).toBe('chatcmpl-test');
      expect(chunk.created).toBe(1_700_000_000);
      expect(chunk.model).toBe('gemini-2.5-flash');
    }
  });

  it('keeps the latest usageMetadata and emits it with the final counts when asked', () => {
    const { parsed, translator } = run(readFixture('stream-generate-content.sse'), true);
    expect(translator.usage).toEqual({
      inputTokens: 7,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 336,
      reasoningTokens: 311,
    });
    expect(parsed.chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 7,
      completion_tokens: 336,
      total_tokens: 343,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 311 },
    });
  });

  it('counts delivered characters exactly', () => {
    const { translator, parsed } = run(readFixture('stream-generate-content.sse'));
    expect(translator.deliveredCharacters).toBe(parsed.text.length);
  });

  it('sends a whole function call as one tool_calls delta with a generated id', () => {
    const { parsed, translator } = run(readFixture('stream-function-call.sse'));
    const toolDeltas = deltas(parsed.chunks).filter((delta) => delta.tool_calls);
    expect(toolDeltas).toHaveLength(1);
    const call = toolDeltas[0]?.tool_calls?.[0];
    expect(call).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
    });
    expect(call?.id).toMatch(/^call_[A-Za-z0-9_-]+$/);
    expect(toolDeltas[0]?.role).toBe('assistant');
    expect(parsed.finishReason).toBe('tool_calls');
    expect(translator.deliveredCharacters).toBe('{"city":"Paris","unit":"celsius"}'.length);
  });

  it('numbers parallel function calls and gives each its own id', () => {
    const body = event({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
              { functionCall: { name: 'get_time', args: {} } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
    });
    const { parsed } = run(body);
    expect(parsed.toolCalls.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(parsed.toolCalls[1]?.arguments).toBe('{}');
    expect(new Set(parsed.toolCalls.map((call) => call.id)).size).toBe(2);
  });

  it('streams thought parts as reasoning_content, apart from the answer', () => {
    const body =
      event({ candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking about it. ', thought: true }] }, index: 0 }] }) +
      event({
        candidates: [{ content: { role: 'model', parts: [{ text: 'Still thinking.', thought: true }, { text: 'Answer.' }] } }],
      }) +
      event({
        candidates: [{ content: { role: 'model', parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }],
      });
    const { parsed, translator } = run(body);
    expect(parsed.reasoning).toBe('Thinking about it. Still thinking.');
    expect(parsed.text).toBe('Answer.');
    expect(parsed.finishReason).toBe('stop');
    expect(translator.deliveredCharacters).toBe('Thinking about it. Still thinking.Answer.'.length);
    // The empty signature-only part produces no delta of its own.
    expect(deltas(parsed.chunks).filter((delta) => delta.content === '')).toHaveLength(0);
  });

  it('maps MAX_TOKENS to length and safety stops to content_filter', () => {
    const cut = event({ candidates: [{ content: { parts: [{ text: 'Partial' }] }, finishReason: 'MAX_TOKENS' }] });
    expect(run(cut).parsed.finishReason).toBe('length');
    const unsafe = event({ candidates: [{ content: { parts: [] }, finishReason: 'SAFETY' }] });
    const { parsed, translator } = run(unsafe);
    expect(parsed.finishReason).toBe('content_filter');
    expect(parsed.chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(translator.done).toBe(true);
  });

  it('ends a blocked prompt with content_filter', () => {
    const body = event({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
    });
    const { parsed, translator } = run(body, true);
    expect(parsed.finishReason).toBe('content_filter');
    expect(parsed.done).toBe(true);
    expect(translator.usage?.inputTokens).toBe(12);
  });

  it('is not done until every candidate finished', () => {
    const translator = new GeminiStreamTranslator(context);
    let output = translator.push(
      event({
        candidates: [
          { content: { parts: [{ text: 'A' }] }, index: 0, finishReason: 'STOP' },
          { content: { parts: [{ text: 'B' }] }, index: 1 },
        ],
      }),
    );
    expect(translator.done).toBe(false);
    output += translator.push(event({ candidates: [{ content: { parts: [{ text: 'B2' }] }, index: 1, finishReason: 'STOP' }] }));
    expect(translator.done).toBe(true);
    output += translator.end();
    const parsed = parseOpenAIStream(output);
    const second = parsed.chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.index === 1));
    expect(second[0]?.delta.role).toBe('assistant');
    expect(second.map((choice) => choice.delta.content ?? '').join('')).toBe('BB2');
    expect(parsed.done).toBe(true);
  });

  it('turns an error inside the stream into upstreamError and a final error chunk, without [DONE]', () => {
    const { output, parsed, translator } = run(readFixture('stream-error.sse'), true);
    expect(translator.upstreamError).toEqual({
      message: 'The model is overloaded. Please try again later.',
      type: 'UNAVAILABLE',
      code: 'UNAVAILABLE',
    });
    expect(translator.done).toBe(false);
    expect(output).not.toContain('[DONE]');
    expect(parsed.text).toBe('Once upon a time');
    const last = parsed.chunks.at(-1);
    expect(last?.error).toEqual({
      message: 'The model is overloaded. Please try again later.',
      type: 'UNAVAILABLE',
      code: 'UNAVAILABLE',
    });
    expect(last?.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'error' }]);
    expect(parsed.chunks.filter((chunk) => chunk.usage)).toHaveLength(0);
  });

  it('ignores events after an error', () => {
    const body =
      readFixture('stream-error.sse') + event({ candidates: [{ content: { parts: [{ text: 'late' }] }, finishReason: 'STOP' }] });
    const { parsed, translator } = run(body);
    expect(parsed.text).toBe('Once upon a time');
    expect(translator.done).toBe(false);
  });

  it('reports a stream cut before any finishReason as not done, even with include_usage', () => {
    const body = readFixture('stream-generate-content.sse');
    const cut = body.slice(0, body.lastIndexOf('data:'));
    const { output, translator, parsed } = run(cut, true);
    expect(translator.done).toBe(false);
    expect(output).not.toContain('[DONE]');
    expect(parsed.chunks.filter((chunk) => chunk.usage)).toHaveLength(0);
    expect(parsed.text).toBe('The sky looks blue because air molecules scatter short blue wavelengths');
    expect(translator.usage?.inputTokens).toBe(7);
  });

  it('reads a last event that lacks its closing blank line', () => {
    const body = readFixture('stream-generate-content.sse').trimEnd();
    const { parsed, translator } = run(body);
    expect(translator.done).toBe(true);
    expect(parsed.done).toBe(true);
    expect(parsed.text).toMatch(/red ones\.$/);
  });

  it('falls back to the context model when Gemini names none', () => {
    const { parsed } = run(event({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] }));
    expect(parsed.chunks[0]?.model).toBe('requested-model');
  });
});
