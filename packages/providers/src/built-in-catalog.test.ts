import { describe, expect, it } from 'vitest';
import { builtInCatalog } from './built-in-catalog';
import { catalogConfigSchema } from './catalog-config-schema';

const providers = builtInCatalog.providers;
const models = providers.flatMap((provider) => provider.models.map((model) => ({ provider, model })));

describe('the built-in catalog (invariants)', () => {
  it('lists 25+ providers and 80+ models', () => {
    expect(providers.length).toBeGreaterThanOrEqual(25);
    expect(models.length).toBeGreaterThanOrEqual(80);
  });

  it('gives every provider a base URL and a key variable, unless it runs without a key', () => {
    for (const provider of providers) {
      expect(() => new URL(provider.baseUrl), provider.id).not.toThrow();
      if (!provider.keyOptional) expect(provider.apiKeyEnv, provider.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it('has unique provider ids, and model ids unique within each provider', () => {
    expect(new Set(providers.map((provider) => provider.id)).size).toBe(providers.length);
    for (const provider of providers) {
      expect(new Set(provider.models.map((model) => model.id)).size, provider.id).toBe(provider.models.length);
    }
  });

  it('dates every list price: each priced model names the page it was read from and when', () => {
    for (const { provider, model } of models) {
      if (!model.price) continue;
      // A local server's 0 is not a list price read from a page.
      if (provider.keyOptional && model.price.input === 0 && model.price.output === 0) continue;
      const source = model.priceSource ?? provider.priceSource;
      expect(source, `${provider.id}/${model.id}`).toBeDefined();
      expect(source!.checkedAt, `${provider.id}/${model.id}`).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(Date.parse(source!.checkedAt.length === 7 ? `${source!.checkedAt}-01` : source!.checkedAt)).toBeLessThanOrEqual(
        Date.parse('2026-12-03'),
      );
      expect(() => new URL(source!.url)).not.toThrow();
    }
  });

  it('prices the local servers at 0 and has output limits no larger than the context window', () => {
    for (const provider of providers.filter((candidate) => candidate.keyOptional)) {
      for (const model of provider.models) expect(model.price, `${provider.id}/${model.id}`).toEqual({ input: 0, output: 0 });
    }
    for (const { provider, model } of models) {
      if (model.maxOutputTokens && model.contextWindow) {
        expect(model.maxOutputTokens, `${provider.id}/${model.id}`).toBeLessThanOrEqual(model.contextWindow);
      }
    }
  });

  it('can be written back as a config file (every field it uses is one the schema accepts)', () => {
    const result = catalogConfigSchema.safeParse({ builtInProviders: false, providers });
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
