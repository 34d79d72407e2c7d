import { describe, expect, it } from 'vitest';
import { convertAnthropicResponseFormat, JSON_OBJECT_INSTRUCTION } from './convert-anthropic-response-format';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, temperature: { type: 'number' } },
  required: ['city', 'temperature'],
  additionalProperties: false,
};

describe('convertAnthropicResponseFormat', () => {
  it('needs nothing for text or no format', () => {
    expect(convertAnthropicResponseFormat(undefined)).toEqual({});
    expect(convertAnthropicResponseFormat({ type: 'text' })).toEqual({});
  });

  it("turns json_schema into Anthropic's native structured output with the same schema", () => {
    expect(
      convertAnthropicResponseFormat({ type: 'json_schema', json_schema: { name: 'weather', strict: true, schema } }),
    ).toEqual({ output_config: { format: { type: 'json_schema', schema } } });
  });

  it('turns json_object into a system instruction, since structured outputs need a closed schema', () => {
    expect(convertAnthropicResponseFormat({ type: 'json_object' })).toEqual({ systemInstruction: JSON_OBJECT_INSTRUCTION });
  });

  it('refuses json_schema without a schema object, naming response_format', () => {
    for (const json_schema of [undefined, { name: 'x' }, { name: 'x', schema: [1] }]) {
      expect(() => convertAnthropicResponseFormat({ type: 'json_schema', json_schema })).toThrow(
        expect.objectContaining({ status: 400, param: 'response_format' }),
      );
    }
  });

  it('refuses an unknown type', () => {
    expect(() => convertAnthropicResponseFormat({ type: 'yaml' } as never)).toThrow(
      expect.objectContaining({ status: 400, param: 'response_format' }),
    );
  });
});
