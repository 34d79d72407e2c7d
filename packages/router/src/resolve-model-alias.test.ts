import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { ModelAliasTable, modelAliasTableFor } from './model-alias-table';
import { resolveModelAlias } from './resolve-model-alias';

function model(id: string, upstream = id): CatalogModel {
  return { id, upstream, kind: 'chat' };
}

function provider(id: string, models: CatalogModel[], enabled = true): CatalogProvider {
  return { id, adapter: 'openai-compatible', baseUrl: `https://${id}.example/v1`, enabled, models };
}

const index = new CatalogIndex({
  providers: [
    provider('deepseek', [model('deepseek-v4-pro'), model('deepseek-v4-flash')]),
    provider('anthropic', [model('claude-haiku-4-5', 'claude-haiku-4-5-20251001')]),
    provider('retired', [model('claude-opus-4-1')], false),
  ],
  aliases: {
    // Exact gateway alias.
    'claude-sonnet-4-5-20250929': ['deepseek/deepseek-v4-flash'],
    'claude-*': ['deepseek/deepseek-v4-flash'],
    'claude-sonnet-*': ['deepseek-v4-pro'],
    '*-sonnet-4-5*': ['deepseek-v4-flash'],
    'claude-opus-*': ['deepseek-v4-pro', 'deepseek-v4-flash'],
  },
});

function resolve(requested: string, keyAliases?: Record<string, string[]>) {
  return resolveModelAlias(index, requested, keyAliases ? new ModelAliasTable(keyAliases) : undefined);
}

describe('resolveModelAlias', () => {
  it('leaves a model the catalog serves alone, even when a pattern matches it', () => {
    expect(resolve('claude-haiku-4-5')).toBeUndefined();
    expect(resolve('claude-haiku-4-5', { 'claude-*': ['deepseek-v4-pro'] })).toBeUndefined();
    expect(resolve('deepseek-v4-pro', { 'deepseek-*': ['deepseek-v4-flash'] })).toBeUndefined();
  });

  it('lets a pattern take a known name that nothing here can serve (no key for its provider)', () => {
    const nobodyServes = (name: string) => name !== 'claude-haiku-4-5';
    expect(resolveModelAlias(index, 'claude-haiku-4-5', undefined, nobodyServes)).toMatchObject({
      alias: 'claude-*',
      scope: 'gateway',
      targets: ['deepseek/deepseek-v4-flash'],
    });
    expect(resolveModelAlias(index, 'claude-haiku-4-5', undefined, () => true)).toBeUndefined();
  });

  it('leaves provider/model pins alone, by model id or upstream name, on a disabled provider too', () => {
    expect(resolve('anthropic/claude-haiku-4-5', { 'anthropic/*': ['deepseek-v4-pro'] })).toBeUndefined();
    expect(resolve('anthropic/claude-haiku-4-5-20251001', { 'anthropic/*': ['deepseek-v4-pro'] })).toBeUndefined();
    expect(resolve('retired/claude-opus-4-1', { '*': ['x'], 'retired/*': ['deepseek-v4-pro'] })).toBeUndefined();
  });

  it('lets an exact gateway alias win over every pattern, the key included', () => {
    expect(resolve('claude-sonnet-4-5-20250929', { 'claude-sonnet-*': ['deepseek-v4-pro'] })).toBeUndefined();
  });

  it('picks the gateway pattern with the most literal characters', () => {
    expect(resolve('claude-sonnet-4-6')).toEqual({
      alias: 'claude-sonnet-*',
      scope: 'gateway',
      pattern: true,
      targets: ['deepseek-v4-pro'],
    });
    // `*-sonnet-4-5*` spells out 10 characters, `claude-sonnet-*` 14.
    expect(resolve('claude-sonnet-4-5-20260101')?.alias).toBe('claude-sonnet-*');
    expect(resolve('other-sonnet-4-5')?.alias).toBe('*-sonnet-4-5*');
    expect(resolve('claude-opus-4-5')).toMatchObject({
      alias: 'claude-opus-*',
      targets: ['deepseek-v4-pro', 'deepseek-v4-flash'],
    });
    expect(resolve('claude-3-haiku')?.alias).toBe('claude-*');
  });

  it('applies a disabled-only model name to patterns, since nothing could serve it as asked', () => {
    expect(resolve('claude-opus-4-1')?.alias).toBe('claude-opus-*');
  });

  it("prefers the key's aliases, even a shorter pattern, to the gateway's patterns", () => {
    const keyAliases = { 'claude-*': ['deepseek/deepseek-v4-flash'] };
    expect(resolve('claude-sonnet-4-6', keyAliases)).toEqual({
      alias: 'claude-*',
      scope: 'key',
      pattern: true,
      targets: ['deepseek/deepseek-v4-flash'],
    });
  });

  it("prefers the key's exact name to its patterns, and its longest pattern to shorter ones", () => {
    const keyAliases = {
      'claude-*': ['a'],
      'claude-sonnet-*': ['b'],
      'claude-sonnet-4-6': ['c'],
      'claude-sonnet-4-*': ['d'],
    };
    expect(resolve('claude-sonnet-4-6', keyAliases)).toMatchObject({
      alias: 'claude-sonnet-4-6',
      pattern: false,
      targets: ['c'],
    });
    expect(resolve('claude-sonnet-4-7', keyAliases)).toMatchObject({ alias: 'claude-sonnet-4-*', targets: ['d'] });
    expect(resolve('claude-sonnet-5', keyAliases)).toMatchObject({ alias: 'claude-sonnet-*', targets: ['b'] });
    expect(resolve('claude-opus-4-5', keyAliases)).toMatchObject({ alias: 'claude-*', targets: ['a'] });
  });

  it('breaks ties between equally specific patterns by name, the same way every time', () => {
    // Both spell out three characters and match `ab-x`; `*b-x` sorts before `a*-x`.
    expect(resolve('ab-x', { 'a*-x': ['second'], '*b-x': ['first'] })?.targets).toEqual(['first']);
    expect(resolve('ab-x', { '*b-x': ['first'], 'a*-x': ['second'] })?.targets).toEqual(['first']);
  });

  it('returns undefined for a name nothing matches', () => {
    expect(resolve('gpt-4o')).toBeUndefined();
    expect(resolve('gpt-4o', { 'claude-*': ['deepseek-v4-pro'] })).toBeUndefined();
  });

  it('matches `*` across slashes and anywhere in the name', () => {
    expect(resolve('team/claude-x', { 'team/*': ['deepseek-v4-pro'] })?.targets).toEqual(['deepseek-v4-pro']);
    expect(resolve('my-claude-sonnet', { '*claude*': ['deepseek-v4-pro'] })?.alias).toBe('*claude*');
  });

  it('compiles one table per alias record and reuses it', () => {
    const record = { 'claude-*': ['deepseek-v4-pro'] };
    expect(modelAliasTableFor(record)).toBe(modelAliasTableFor(record));
    expect(modelAliasTableFor(record)).not.toBe(modelAliasTableFor({ ...record }));
  });
});
