import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogImportError } from './imported-catalog';
import { detectCatalogFormat, readCatalogFile } from './read-catalog-file';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('readCatalogFile', () => {
  it('tells the three formats apart by their shape and refuses anything else with the formats it reads', () => {
    expect(detectCatalogFormat(fixture('price-sheet.json'))).toBe('price-sheet');
    expect(detectCatalogFormat(fixture('openrouter-models.json'))).toBe('openrouter');
    expect(detectCatalogFormat(fixture('litellm-prices.json'))).toBe('litellm');
    for (const document of [[], { hello: 1 }, null, 'x']) {
      expect(() => detectCatalogFormat(document)).toThrow(CatalogImportError);
    }
    expect(() => readCatalogFile({ format: 'switchboard-price-sheet/1', prices: [{ provider: 'a' }] })).toThrow(
      /\$\.prices\[0\]\.model/,
    );
  });

  it("maps OpenRouter's fields: per-token strings to micro-dollars per 1M, limits, capabilities; skips variable prices", () => {
    const imported = readCatalogFile(fixture('openrouter-models.json'), { provider: 'orsim' });
    expect(imported.models).toEqual([
      {
        providerId: 'orsim',
        upstream: 'orsim-model',
        kind: 'chat',
        contextWindow: 200_000,
        maxOutputTokens: 64_000,
        capabilities: { tools: true, vision: true, jsonMode: true, reasoning: true },
        prices: { input: 3_000_000, output: 15_000_000, cachedInput: 300_000, cacheWrite5m: 3_750_000 },
      },
      {
        providerId: 'orsim',
        upstream: 'vendor/new-model',
        kind: 'chat',
        contextWindow: 131_072,
        capabilities: { tools: true, vision: false, jsonMode: false, reasoning: false },
        prices: { input: 140_000, output: 280_000 },
      },
    ]);
    expect(imported.skipped).toEqual([
      { entry: 'openrouter/auto', reason: 'pricing.prompt or pricing.completion is not a fixed price' },
    ]);
    expect(readCatalogFile(fixture('openrouter-models.json')).models[0]!.providerId).toBe('openrouter');
  });

  it("maps LiteLLM's fields and providers, drops the provider prefix, and skips modes and providers it cannot use", () => {
    const imported = readCatalogFile(fixture('litellm-prices.json'));
    expect(imported.models.map((model) => [model.providerId, model.upstream, model.kind])).toEqual([
      ['orsim', 'orsim-model', 'chat'],
      ['orsim', 'orsim-embed', 'embedding'],
      ['groq', 'llama-3.3-70b-versatile', 'chat'],
      ['some-unknown-host', 'model', 'chat'],
    ]);
    expect(imported.models[0]).toMatchObject({
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: { tools: true, vision: true, jsonMode: true, reasoning: true },
      prices: { input: 2_500_000, output: 10_000_000, cachedInput: 250_000, cacheWrite5m: 3_125_000 },
    });
    expect(imported.models[1]).toMatchObject({ contextWindow: 8191, prices: { input: 20_000, output: 0 } });
    expect(imported.skipped).toEqual([
      { entry: 'orsim/orsim-image', reason: "mode 'image_generation' is neither chat nor embedding" },
    ]);
    const onlyGroq = readCatalogFile(fixture('litellm-prices.json'), { provider: 'groq' });
    expect(onlyGroq.models.map((model) => model.upstream)).toEqual(['llama-3.3-70b-versatile']);
  });
});
