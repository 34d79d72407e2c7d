import { describe, expect, it } from 'vitest';
import { convertToGeminiSchema } from './convert-to-gemini-schema';

describe('convertToGeminiSchema', () => {
  it('keeps the supported keywords, upper-cases types and drops the rest', () => {
    expect(
      convertToGeminiSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        title: 'Query',
        description: 'A search',
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 200, pattern: '^\\S', format: 'uri', examples: ['x'] },
          limit: { type: 'integer', minimum: 1, maximum: 50, default: 10, exclusiveMaximum: 51, format: 'int32' },
          when: { type: 'string', format: 'date-time' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5, uniqueItems: true },
        },
        required: ['text'],
        additionalProperties: false,
        propertyNames: { pattern: '^[a-z]+$' },
      }),
    ).toEqual({
      type: 'OBJECT',
      title: 'Query',
      description: 'A search',
      properties: {
        text: { type: 'STRING', minLength: 1, maxLength: 200, pattern: '^\\S' },
        limit: { type: 'INTEGER', minimum: 1, maximum: 50, default: 10, format: 'int32' },
        when: { type: 'STRING', format: 'date-time' },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: 1, maxItems: 5 },
      },
      required: ['text'],
    });
  });

  it('turns type unions with null into nullable', () => {
    expect(convertToGeminiSchema({ type: ['string', 'null'], description: 'maybe' })).toEqual({
      type: 'STRING',
      nullable: true,
      description: 'maybe',
    });
    expect(convertToGeminiSchema({ type: ['string', 'number'] })).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] });
  });

  it('turns anyOf and oneOf into anyOf, folding a null member into nullable', () => {
    expect(convertToGeminiSchema({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toEqual({
      type: 'INTEGER',
      nullable: true,
    });
    expect(convertToGeminiSchema({ oneOf: [{ type: 'integer' }, { type: 'boolean' }] })).toEqual({
      anyOf: [{ type: 'INTEGER' }, { type: 'BOOLEAN' }],
    });
  });

  it('keeps string enums and turns const into a one-value enum', () => {
    expect(convertToGeminiSchema({ type: 'string', enum: ['celsius', 'fahrenheit'] })).toEqual({
      type: 'STRING',
      enum: ['celsius', 'fahrenheit'],
    });
    expect(convertToGeminiSchema({ const: 'fixed' })).toEqual({ type: 'STRING', enum: ['fixed'] });
    expect(convertToGeminiSchema({ enum: ['a', null] })).toEqual({ type: 'STRING', enum: ['a'], nullable: true });
    expect(convertToGeminiSchema({ type: 'integer', enum: [1, 2] })).toEqual({ type: 'INTEGER' });
  });

  it('inlines local $ref definitions and stops on recursive ones', () => {
    const schema = {
      type: 'object',
      properties: {
        home: { $ref: '#/$defs/address', description: 'Where they live' },
        tree: { $ref: '#/definitions/node' },
      },
      $defs: { address: { type: 'object', properties: { street: { type: 'string' } } } },
      definitions: { node: { type: 'object', properties: { child: { $ref: '#/definitions/node' } } } },
    };
    const converted = convertToGeminiSchema(schema);
    expect(converted.properties?.home).toEqual({
      type: 'OBJECT',
      properties: { street: { type: 'STRING' } },
      description: 'Where they live',
    });
    expect(converted.properties?.tree?.type).toBe('OBJECT');
    expect(JSON.stringify(converted)).not.toContain('$ref');
    expect(JSON.stringify(converted)).not.toContain('$defs');
  });

  it('merges allOf members', () => {
    expect(
      convertToGeminiSchema({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      }),
    ).toEqual({ type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'NUMBER' } }, required: ['a', 'b'] });
  });

  it('returns an empty schema for anything that is not a schema object', () => {
    expect(convertToGeminiSchema(undefined)).toEqual({});
    expect(convertToGeminiSchema('string')).toEqual({});
  });
});
