import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { SKIP_THOUGHT_SIGNATURE } from './convert-to-gemini-contents';
import { convertToGeminiRequest } from './convert-to-gemini-request';

const base: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
    strict: true,
  },
};

describe('convertToGeminiRequest', () => {
  it('maps sampling and length options into generationConfig', () => {
    const body = convertToGeminiRequest(
      {
        ...base,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        max_tokens: 100,
        max_completion_tokens: 300,
        stop: ['END', 'STOP'],
        seed: 7,
        n: 1,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
      },
      'gemini-2.5-flash',
    );
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 300,
      stopSequences: ['END', 'STOP'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    });
  });

  it('refuses n > 1, logprobs and top_logprobs with a 400 naming the field instead of one quiet choice', () => {
    for (const [fields, param] of [
      [{ n: 2 }, 'n'],
      [{ logprobs: true }, 'logprobs'],
      [{ top_logprobs: 3 }, 'top_logprobs'],
    ] as const) {
      expect(() => convertToGeminiRequest({ ...base, ...fields }, 'g')).toThrow(
        expect.objectContaining({ status: 400, param, message: expect.stringContaining('Gemini') }),
      );
    }
    expect(() => convertToGeminiRequest({ ...base, n: 1, logprobs: false, top_logprobs: 0 }, 'g')).not.toThrow();
  });

  it('takes max_tokens and a single stop string, and leaves generationConfig out when nothing is set', () => {
    expect(convertToGeminiRequest({ ...base, max_tokens: 50, stop: 'END' }, 'g').generationConfig).toEqual({
      maxOutputTokens: 50,
      stopSequences: ['END'],
    });
    expect(convertToGeminiRequest({ ...base, temperature: null, stop: null }, 'g').generationConfig).toBeUndefined();
  });

  it('asks for JSON for json_object, and adds a converted schema for json_schema', () => {
    expect(convertToGeminiRequest({ ...base, response_format: { type: 'json_object' } }, 'g').generationConfig).toEqual({
      responseMimeType: 'application/json',
    });
    const body = convertToGeminiRequest(
      {
        ...base,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'answer',
            strict: true,
            schema: {
              type: 'object',
              properties: { answer: { type: 'string' } },
              required: ['answer'],
              additionalProperties: false,
            },
          },
        },
      },
      'g',
    );
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } }, required: ['answer'] },
    });
    expect(convertToGeminiRequest({ ...base, response_format: { type: 'text' } }, 'g').generationConfig).toBeUndefined();
    expect(() =>
      convertToGeminiRequest({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x' } } }, 'g'),
    ).toThrow(/json_schema\.schema/);
  });

  it('declares tools as functionDeclarations with Gemini schemas', () => {
    const body = convertToGeminiRequest(
      {
        ...base,
        tools: [weatherTool, { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }],
      },
      'g',
    );
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
          },
          { name: 'now' },
        ],
      },
    ]);
    expect(body.toolConfig).toBeUndefined();
  });

  it('maps every tool_choice', () => {
    const configFor = (tool_choice: ChatCompletionRequest['tool_choice']) =>
      convertToGeminiRequest({ ...base, tools: [weatherTool], tool_choice }, 'g').toolConfig;
    expect(configFor('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(configFor('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(configFor('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(configFor({ type: 'function', function: { name: 'get_weather' } })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
  });

  it('leaves tools and toolConfig out without tools', () => {
    const body = convertToGeminiRequest({ ...base, tools: [], tool_choice: 'auto' }, 'g');
    expect(body.tools).toBeUndefined();
    expect(body.toolConfig).toBeUndefined();
  });

  it('turns reasoning_effort into a thinking budget for Gemini 2.5 and a level for Gemini 3', () => {
    expect(convertToGeminiRequest({ ...base, reasoning_effort: 'medium' }, 'gemini-2.5-flash').generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
    });
    expect(convertToGeminiRequest({ ...base, reasoning_effort: 'high' }, 'gemini-3-pro-preview').generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingLevel: 'high' },
    });
    expect(convertToGeminiRequest({ ...base, reasoning_effort: 'bogus' }, 'gemini-2.5-flash').generationConfig).toBeUndefined();
  });

  it('signs replayed function calls for Gemini 3 and later only', () => {
    const request: ChatCompletionRequest = {
      ...base,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'sunny' },
      ],
    };
    const signature = (model: string) => convertToGeminiRequest(request, model).contents[1]?.parts[0]?.thoughtSignature;
    expect(signature('gemini-3-pro-preview')).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(signature('models/gemini-3.1-flash')).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(signature('gemini-2.5-flash')).toBeUndefined();
    expect(signature('learnlm-2.0-flash')).toBeUndefined();
  });
});
