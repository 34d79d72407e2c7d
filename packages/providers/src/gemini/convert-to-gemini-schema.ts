import type { GeminiSchema } from './gemini-api';

// Gemini's `parameters` and `responseSchema` take an OpenAPI 3.0 subset and reject any unknown
// keyword with HTTP 400 ("Unknown name additionalProperties"), while OpenAI clients send full
// JSON Schema (strict mode even requires additionalProperties everywhere). So the schema is
// rebuilt from an allowlist instead of forwarded.

type JsonObject = Record<string, unknown>;

// A Map: the type names are the client's (`"type": "constructor"` must not find Object's).
const TYPE_NAMES = new Map<string, NonNullable<GeminiSchema['type']>>([
  ['string', 'STRING'],
  ['number', 'NUMBER'],
  ['integer', 'INTEGER'],
  ['boolean', 'BOOLEAN'],
  ['array', 'ARRAY'],
  ['object', 'OBJECT'],
  ['null', 'NULL'],
]);

// Gemini refuses other formats (uri, email, ...) on STRING and numbers.
const SUPPORTED_FORMATS = new Set(['enum', 'date-time', 'int32', 'int64', 'float', 'double']);

const COPIED_NUMBERS = [
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
] as const;

// Recursive schemas ($ref to an ancestor) are cut off here.
const MAX_DEPTH = 16;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveReference(reference: string, root: JsonObject): unknown {
  if (!reference.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const segment of reference.slice(2).split('/')) {
    if (!isObject(current)) return undefined;
    current = current[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

function isNullSchema(schema: GeminiSchema): boolean {
  return schema.type === 'NULL';
}

/** `anyOf` members; a `null` member becomes `nullable`, and a single remaining member is inlined. */
function applyAlternatives(target: GeminiSchema, alternatives: GeminiSchema[]): void {
  const nonNull = alternatives.filter((alternative) => !isNullSchema(alternative));
  if (nonNull.length < alternatives.length) target.nullable = true;
  if (nonNull.length === 1) Object.assign(target, nonNull[0], target.nullable ? { nullable: true } : {});
  else if (nonNull.length > 1) target.anyOf = nonNull;
}

function convert(schema: unknown, root: JsonObject, depth: number): GeminiSchema {
  if (!isObject(schema) || depth > MAX_DEPTH) return {};
  if (typeof schema.$ref === 'string') {
    const resolved = convert(resolveReference(schema.$ref, root), root, depth + 1);
    if (typeof schema.description === 'string') resolved.description = schema.description;
    return resolved;
  }

  const result: GeminiSchema = {};
  if (typeof schema.type === 'string' && TYPE_NAMES.has(schema.type)) result.type = TYPE_NAMES.get(schema.type);
  else if (Array.isArray(schema.type)) {
    applyAlternatives(
      result,
      schema.type
        .filter((name): name is string => typeof name === 'string' && TYPE_NAMES.has(name))
        .map((name) => ({ type: TYPE_NAMES.get(name) })),
    );
  }

  if (typeof schema.format === 'string' && SUPPORTED_FORMATS.has(schema.format)) result.format = schema.format;
  if (typeof schema.title === 'string') result.title = schema.title;
  if (typeof schema.description === 'string') result.description = schema.description;
  if (schema.nullable === true) result.nullable = true;
  for (const field of COPIED_NUMBERS) {
    const value = schema[field];
    if (typeof value === 'number') result[field] = value;
  }
  if (typeof schema.pattern === 'string') result.pattern = schema.pattern;
  if ('default' in schema) result.default = schema.default;
  if ('example' in schema) result.example = schema.example;

  // Gemini enums are string-only.
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) {
    if (values.includes(null)) result.nullable = true;
    const strings = values.filter((value) => value !== null);
    if (strings.every((value) => typeof value === 'string')) {
      result.enum = strings;
      result.type ??= 'STRING';
    }
  }

  if (isObject(schema.properties)) {
    // Null prototype: a property the client named `__proto__` stays a property, not a prototype.
    const properties: Record<string, GeminiSchema> = Object.create(null);
    for (const [name, property] of Object.entries(schema.properties)) properties[name] = convert(property, root, depth + 1);
    result.properties = properties;
  }
  if (Array.isArray(schema.required))
    result.required = schema.required.filter((name): name is string => typeof name === 'string');
  if (Array.isArray(schema.propertyOrdering))
    result.propertyOrdering = schema.propertyOrdering.filter((name) => typeof name === 'string');

  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  if (items !== undefined) result.items = convert(items, root, depth + 1);

  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (alternatives)
    applyAlternatives(
      result,
      alternatives.map((alternative) => convert(alternative, root, depth + 1)),
    );

  // allOf is an intersection: merging the members' keywords is the closest the subset allows.
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf) {
      const converted = convert(member, root, depth + 1);
      const properties = { ...result.properties, ...converted.properties };
      const required = [...new Set([...(result.required ?? []), ...(converted.required ?? [])])];
      Object.assign(result, converted);
      if (Object.keys(properties).length > 0) result.properties = properties;
      if (required.length > 0) result.required = required;
    }
  }
  return result;
}

/** A JSON Schema (as OpenAI tools and response formats carry it) in Gemini's schema subset. */
export function convertToGeminiSchema(schema: unknown): GeminiSchema {
  return convert(schema, isObject(schema) ? schema : {}, 0);
}
