import type { Catalog, CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { type Resolution, resolveCandidates } from './resolve-candidates';

function model(id: string, upstream = id): CatalogModel {
  return { id, upstream, kind: 'chat' };
}

function provider(id: string, models: CatalogModel[], enabled = true): CatalogProvider {
  return { id, adapter: 'openai-compatible', baseUrl: `https://${id}.example/v1`, enabled, models };
}

const catalog: Catalog = {
  providers: [
    provider('alpha', [model('m1', 'm1-upstream'), model('shared')]),
    provider('beta', [model('shared', 'shared-on-beta'), model('m2')]),
    provider('gamma', [model('shared'), model('m3')], false),
    provider('deepseek', [model('deepseek-chat'), model('deepseek-v4-flash')]),
    provider('openrouter', [
      model('deepseek-chat', 'deepseek/deepseek-chat'),
      model('deepseek/deepseek-r1', 'deepseek/deepseek-r1'),
      model('meta-llama/llama-3.3-70b', 'meta-llama/llama-3.3-70b-instruct'),
    ]),
  ],
  aliases: {
    fast: ['beta/shared', 'alpha/shared', 'shared', 'm1'],
    nested: ['fast', 'm2'],
    'skips-disabled': ['gamma/m3', 'nobody/m1', 'm2'],
    'only-disabled': ['gamma/m3'],
    'loop-a': ['loop-b'],
    'loop-b': ['loop-a'],
    'self-and-target': ['self-and-target', 'm2'],
    // An alias wins over a model of the same name.
    m3: ['beta/m2'],
  },
};

const index = new CatalogIndex(catalog);

/** `provider/model` of each candidate, or the resolution kind when there are none. */
function summary(resolution: Resolution): string[] | Exclude<Resolution, { kind: 'candidates' }> {
  if (resolution.kind !== 'candidates') return resolution;
  return resolution.candidates.map((candidate) => `${candidate.provider.id}/${candidate.model.id}`);
}

function resolve(requested: string) {
  return summary(resolveCandidates(index, requested));
}

function providerOf(id: string): CatalogProvider {
  return catalog.providers.find((entry) => entry.id === id)!;
}

describe('CatalogIndex', () => {
  it('finds providers by id, disabled ones included', () => {
    expect(index.provider('alpha')).toBe(providerOf('alpha'));
    expect(index.provider('gamma')).toBe(providerOf('gamma'));
    expect(index.provider('nobody')).toBeUndefined();
  });

  it('lists each model id with the enabled providers serving it, in catalog order', () => {
    const models = Object.fromEntries(
      [...index.models()].map(([id, candidates]) => [id, candidates.map((candidate) => candidate.provider.id)]),
    );
    expect(models).toEqual({
      m1: ['alpha'],
      shared: ['alpha', 'beta'],
      m2: ['beta'],
      'deepseek-chat': ['deepseek', 'openrouter'],
      'deepseek-v4-flash': ['deepseek'],
      'deepseek/deepseek-r1': ['openrouter'],
      'meta-llama/llama-3.3-70b': ['openrouter'],
    });
    expect(index.servingModel('m3')).toEqual([]);
    expect(index.servingModel('nothing')).toEqual([]);
  });

  it('keeps the catalog it was built from', () => {
    expect(index.catalog).toBe(catalog);
  });
});

describe('resolveCandidates', () => {
  it('resolves a bare model id to every enabled provider serving it, in catalog order', () => {
    expect(resolve('shared')).toEqual(['alpha/shared', 'beta/shared']);
    expect(resolve('deepseek-chat')).toEqual(['deepseek/deepseek-chat', 'openrouter/deepseek-chat']);
    expect(resolve('m1')).toEqual(['alpha/m1']);
  });

  it('returns the catalog entries themselves', () => {
    const resolution = resolveCandidates(index, 'shared');
    if (resolution.kind !== 'candidates') throw new Error(`unexpected ${resolution.kind}`);
    expect(resolution.candidates[1]!.provider).toBe(providerOf('beta'));
    expect(resolution.candidates[1]!.model).toBe(providerOf('beta').models[0]);
    expect(resolution.candidates[1]!.model.upstream).toBe('shared-on-beta');
  });

  it('does not resolve a model served only by a disabled provider', () => {
    expect(resolve('m3')).toEqual(['beta/m2']); // the alias, not gamma's model
    expect(resolveCandidates(new CatalogIndex({ ...catalog, aliases: {} }), 'm3')).toEqual({ kind: 'unknown-model' });
  });

  it('pins one provider with provider/model, by model id or upstream name', () => {
    expect(resolve('beta/shared')).toEqual(['beta/shared']);
    expect(resolve('beta/shared-on-beta')).toEqual(['beta/shared']);
    expect(resolve('alpha/m1-upstream')).toEqual(['alpha/m1']);
    expect(resolve('deepseek/deepseek-chat')).toEqual(['deepseek/deepseek-chat']);
  });

  it('pins a provider whose upstream model names contain slashes', () => {
    expect(resolve('openrouter/deepseek/deepseek-chat')).toEqual(['openrouter/deepseek-chat']);
    expect(resolve('openrouter/deepseek-chat')).toEqual(['openrouter/deepseek-chat']);
    expect(resolve('openrouter/deepseek/deepseek-r1')).toEqual(['openrouter/deepseek/deepseek-r1']);
    expect(resolve('openrouter/meta-llama/llama-3.3-70b-instruct')).toEqual(['openrouter/meta-llama/llama-3.3-70b']);
  });

  it('resolves a bare model id that contains a slash, even when its prefix names another provider', () => {
    expect(resolve('meta-llama/llama-3.3-70b')).toEqual(['openrouter/meta-llama/llama-3.3-70b']);
    // `deepseek` is a provider without a `deepseek-r1` model; the id is OpenRouter's.
    expect(resolve('deepseek/deepseek-r1')).toEqual(['openrouter/deepseek/deepseek-r1']);
  });

  it('reports a pinned disabled provider as provider-disabled', () => {
    expect(resolve('gamma/m3')).toEqual({ kind: 'provider-disabled', providerId: 'gamma' });
    expect(resolve('gamma/shared')).toEqual({ kind: 'provider-disabled', providerId: 'gamma' });
  });

  it('reports a pinned provider without that model as unknown-model', () => {
    expect(resolve('alpha/m2')).toEqual({ kind: 'unknown-model' });
    expect(resolve('gamma/m9')).toEqual({ kind: 'unknown-model' });
  });

  it('expands an alias in the order written, without duplicates', () => {
    expect(resolve('fast')).toEqual(['beta/shared', 'alpha/shared', 'alpha/m1']);
  });

  it('expands nested aliases', () => {
    expect(resolve('nested')).toEqual(['beta/shared', 'alpha/shared', 'alpha/m1', 'beta/m2']);
  });

  it('skips alias targets that are disabled or unknown, and is unknown when none is left', () => {
    expect(resolve('skips-disabled')).toEqual(['beta/m2']);
    expect(resolve('only-disabled')).toEqual({ kind: 'unknown-model' });
  });

  it('terminates on alias loops', () => {
    expect(resolve('loop-a')).toEqual({ kind: 'unknown-model' });
    expect(resolve('self-and-target')).toEqual(['beta/m2']);
  });

  it('reports anything else as unknown-model', () => {
    expect(resolve('gpt-9')).toEqual({ kind: 'unknown-model' });
    expect(resolve('nobody/m1')).toEqual({ kind: 'unknown-model' });
    expect(resolve('/m1')).toEqual({ kind: 'unknown-model' });
    expect(resolve('')).toEqual({ kind: 'unknown-model' });
  });
});
