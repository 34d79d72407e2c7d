import type { CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { applyOwnedFields, changedOwnedFields } from './apply-owned-fields';

const stored: CatalogProvider = {
  id: 'house',
  name: 'House (renamed by an admin)',
  adapter: 'openai-compatible',
  baseUrl: 'https://one.example.com/v1',
  headers: { 'x-team': 'old-secret' },
  keyOptional: false,
  enabled: false,
  models: [{ id: 'meta/llama-3.1', upstream: 'meta/llama-3.1', kind: 'chat', price: { input: 1, output: 2 } }],
};

describe('applyOwnedFields', () => {
  it('writes only the owned fields, masks header values, and reads model ids holding a slash', () => {
    const file: CatalogProvider = {
      ...stored,
      name: 'House',
      enabled: true,
      baseUrl: 'https://two.example.com/v1',
      headers: { 'x-team': 'new-secret' },
      models: [{ ...stored.models[0]!, price: { input: 3, output: 4 } }],
    };
    const { next, diff, modelsChanged } = applyOwnedFields(stored, file, ['baseUrl', 'headers', 'models/meta/llama-3.1/price']);
    expect(next).toMatchObject({ name: 'House (renamed by an admin)', enabled: false, baseUrl: 'https://two.example.com/v1' });
    expect(next.models[0]!.price).toEqual({ input: 3, output: 4 });
    expect(modelsChanged).toBe(true);
    expect(diff).toEqual({
      baseUrl: { from: 'https://one.example.com/v1', to: 'https://two.example.com/v1' },
      headers: { from: { 'x-team': '***' }, to: { 'x-team': '***' } },
      'models/meta/llama-3.1/price': { from: { input: 1, output: 2 }, to: { input: 3, output: 4 } },
    });
    expect(JSON.stringify(diff)).not.toContain('secret');
  });

  it('adds a model the file names that the database lacks', () => {
    const file: CatalogProvider = { ...stored, models: [...stored.models, { id: 'new', upstream: 'new', kind: 'chat' }] };
    const { next, modelsChanged } = applyOwnedFields(stored, file, ['models/new/upstream']);
    expect(next.models.map((model) => model.id)).toEqual(['meta/llama-3.1', 'new']);
    expect(modelsChanged).toBe(true);
  });
});

describe('changedOwnedFields', () => {
  it('names an owned field whose value changed, not one sent back as it was', () => {
    const resent: CatalogProvider = {
      ...stored,
      name: 'Other',
      models: [{ ...stored.models[0]!, price: { output: 2, input: 1, cachedInput: undefined } }],
    };
    expect(changedOwnedFields(stored, resent, ['baseUrl', 'models/meta/llama-3.1/price'])).toEqual([]);
    expect(changedOwnedFields(stored, { ...resent, enabled: true }, ['enabled', 'baseUrl'])).toEqual(['enabled']);
  });
});
