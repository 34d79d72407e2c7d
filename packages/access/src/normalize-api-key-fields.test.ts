import { describe, expect, it } from 'vitest';
import { AccessError } from './access-error';
import { normalizeApiKeyFields } from './normalize-api-key-fields';

/** The message of the AccessError('invalid') that `input` raises. */
function problemWith(input: unknown, mode: 'create' | 'update' = 'update'): string {
  try {
    normalizeApiKeyFields(input, mode);
  } catch (error) {
    if (error instanceof AccessError && error.code === 'invalid') return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('normalizeApiKeyFields', () => {
  it('turns a full input into column values', () => {
    const values = normalizeApiKeyFields(
      {
        name: 'ci',
        owner: 'team-search',
        allowedModels: ['deepseek/*', 'gpt-4o*', 'fast', 'fast'],
        allowedEndpoints: ['/v1/chat/completions', '/v1/embeddings'],
        ipAllowlist: ['10.0.0.0/8', '2001:DB8::/32', '203.0.113.7', '::ffff:198.51.100.0/120', '10.0.0.0/8'],
        expiresAt: '2030-01-02T03:04:05Z',
        defaultPolicy: 'price',
        metadata: { ticket: 'OPS-1', nested: { cost_center: 7 }, dropped: undefined },
        rpmLimit: 60,
        tpmLimit: 100_000,
        concurrencyLimit: 4,
        budgetUsd: 12.34,
        budgetPeriod: 'month',
        allowDebug: true,
      },
      'create',
    );
    expect(values).toEqual({
      name: 'ci',
      owner: 'team-search',
      allowedModels: ['deepseek/*', 'gpt-4o*', 'fast'],
      allowedEndpoints: ['/v1/chat/completions', '/v1/embeddings'],
      ipAllowlist: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7/32', '198.51.100.0/24'],
      expiresAt: new Date('2030-01-02T03:04:05Z'),
      defaultPolicy: 'price',
      metadata: { ticket: 'OPS-1', nested: { cost_center: 7 } },
      rpmLimit: 60,
      tpmLimit: 100_000,
      concurrencyLimit: 4,
      budgetMicros: 12_340_000,
      budgetPeriod: 'month',
      allowDebug: true,
    });
  });

  it('keeps only the fields present in an update, and null clears', () => {
    expect(normalizeApiKeyFields({}, 'update')).toEqual({});
    expect(normalizeApiKeyFields({ rpmLimit: null, owner: undefined }, 'update')).toEqual({ rpmLimit: null });
    expect(normalizeApiKeyFields({ allowedModels: null, budgetUsd: null, budgetPeriod: null }, 'update')).toEqual({
      allowedModels: null,
      budgetMicros: null,
      budgetPeriod: null,
    });
    // A budget of zero is a real limit (only free requests pass), not "no budget".
    expect(normalizeApiKeyFields({ budgetUsd: 0 }, 'update')).toEqual({ budgetMicros: 0 });
    expect(normalizeApiKeyFields({ expiresAt: new Date(0) }, 'update')).toEqual({ expiresAt: new Date(0) });
    expect(normalizeApiKeyFields({ expiresAt: '2030-01-02' }, 'update')).toEqual({ expiresAt: new Date('2030-01-02T00:00:00Z') });
  });

  it.each([
    [{}, 'create', 'name is required'],
    [{ name: '  ' }, 'update', 'name must be a non-empty string'],
    [{ name: 'x'.repeat(65) }, 'update', 'name must be at most 64'],
    [{ name: 'a\nb' }, 'update', 'name must not contain control'],
    [{ owner: 7 }, 'update', 'owner must be a non-empty string'],
    [{ allowedModels: [] }, 'update', 'allowedModels must name at least one'],
    [{ allowedModels: 'gpt-4o' }, 'update', 'allowedModels must be a list'],
    [{ allowedModels: ['gpt 4o'] }, 'update', 'allowedModels entry "gpt 4o"'],
    [{ allowedModels: [''] }, 'update', 'allowedModels entries must be non-empty'],
    [{ allowedModels: [42] }, 'update', 'allowedModels entries must be non-empty strings'],
    [{ allowedModels: Array.from({ length: 257 }, (_, index) => `m${index}`) }, 'update', 'allowedModels must have at most 256'],
    [{ modelAliases: [] }, 'update', 'modelAliases must be an object'],
    [{ modelAliases: {} }, 'update', 'modelAliases must name at least one alias'],
    [{ modelAliases: { '': ['gpt-4o'] } }, 'update', 'modelAliases: an alias name must not be empty'],
    [{ modelAliases: { '*': ['gpt-4o'] } }, 'update', `modelAliases: the alias name "*" is only '*'`],
    [{ modelAliases: { 'claude-*': [] } }, 'update', 'modelAliases.claude-* must name at least one model'],
    [{ modelAliases: { 'claude-*': 'gpt-4o' } }, 'update', 'modelAliases.claude-* must be a list'],
    [{ modelAliases: { 'claude-*': ['gpt 4o'] } }, 'update', 'modelAliases.claude-* entries must be model names'],
    [{ modelAliases: { 'claude-*': ['gpt-*'] } }, 'update', 'modelAliases.claude-* entry "gpt-*" is a pattern'],
    [{ allowedEndpoints: ['v1/chat/completions'] }, 'update', 'allowedEndpoints entry "v1/chat/completions"'],
    [{ allowedEndpoints: ['/v1/chat?x=1'] }, 'update', 'allowedEndpoints entry'],
    [{ ipAllowlist: ['10.0.0.1/8'] }, 'update', 'did you mean 10.0.0.0/8?'],
    [{ ipAllowlist: ['10.0.0.0/33'] }, 'update', 'ipAllowlist entry "10.0.0.0/33" is not an IP address'],
    [{ ipAllowlist: ['example.com'] }, 'update', 'ipAllowlist entry'],
    [{ expiresAt: 'tomorrow' }, 'update', 'expiresAt must be an ISO 8601'],
    [{ expiresAt: '2030-01-02T03:04:05' }, 'update', 'expiresAt must be an ISO 8601'],
    [{ expiresAt: '2030-13-45' }, 'update', 'expiresAt must be an ISO 8601'],
    [{ expiresAt: 1_900_000_000_000 }, 'update', 'expiresAt must be an ISO 8601'],
    [{ defaultPolicy: 'cheapest' }, 'update', 'defaultPolicy must be one of balanced, price, latency, throughput'],
    [{ metadata: null }, 'update', 'metadata must be a JSON object'],
    [{ metadata: ['a'] }, 'update', 'metadata must be a JSON object'],
    [{ metadata: new Date() }, 'update', 'metadata must be a JSON object'],
    [{ metadata: { text: 'x'.repeat(9000) } }, 'update', 'metadata must be at most 8192'],
    [{ rpmLimit: 0 }, 'update', 'rpmLimit must be a whole number from 1'],
    [{ tpmLimit: 1.5 }, 'update', 'tpmLimit must be a whole number'],
    [{ concurrencyLimit: 2 ** 31 }, 'update', 'concurrencyLimit must be a whole number'],
    [{ rpmLimit: '60' }, 'update', 'rpmLimit must be a whole number'],
    [{ budgetUsd: -1 }, 'update', 'budgetUsd must be a number of dollars'],
    [{ budgetUsd: Number.NaN }, 'update', 'budgetUsd must be a number of dollars'],
    [{ budgetUsd: 1e10 }, 'update', 'budgetUsd must be a number of dollars'],
    [{ budgetPeriod: 'year' }, 'update', 'budgetPeriod must be one of day, week, month, total'],
    [{ name: 'ci', budgetUsd: 5 }, 'create', 'budgetUsd and budgetPeriod must be set together'],
    [{ name: 'ci', budgetPeriod: 'day' }, 'create', 'budgetUsd and budgetPeriod must be set together'],
    [{ allowDebug: 'yes' }, 'update', 'allowDebug must be true or false'],
    [{ rpm: 60 }, 'update', 'unknown field "rpm"'],
    [{ keyHash: 'x' }, 'update', 'unknown field "keyHash"'],
    [null, 'update', 'must be an object'],
    [[], 'update', 'must be an object'],
  ] as const)('refuses %j (%s) naming the field', (input, mode, message) => {
    expect(problemWith(input, mode)).toContain(message);
  });

  it('keeps model aliases as given, duplicates in a list dropped, a __proto__ name as a plain entry', () => {
    expect(
      normalizeApiKeyFields({ modelAliases: { 'claude-*': ['deepseek-v4-pro', 'deepseek-v4-pro', 'gpt-4o'] } }, 'update'),
    ).toEqual({
      modelAliases: { 'claude-*': ['deepseek-v4-pro', 'gpt-4o'] },
    });
    expect(normalizeApiKeyFields({ modelAliases: null }, 'update')).toEqual({ modelAliases: null });
    const values = normalizeApiKeyFields(JSON.parse('{"modelAliases":{"__proto__":["gpt-4o"]}}'), 'update');
    expect(Object.getPrototypeOf(values.modelAliases)).toBe(Object.prototype);
    expect(Object.keys(values.modelAliases!)).toEqual(['__proto__']);
  });

  it('refuses metadata JSON cannot hold', () => {
    expect(problemWith({ metadata: { big: 1n } })).toBe('metadata must be a JSON object');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(problemWith({ metadata: cyclic })).toBe('metadata must be a JSON object');
  });

  it('quotes a bad entry so control characters cannot forge log lines', () => {
    expect(problemWith({ allowedModels: ['gpt\n4o'] })).toContain('"gpt\\n4o"');
  });
});
