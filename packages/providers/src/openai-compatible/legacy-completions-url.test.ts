import { describe, expect, it } from 'vitest';
import { catalogConfigSchema } from '../catalog-config-schema';
import type { CatalogModel, CatalogProvider } from '../catalog-types';
import { legacyCompletionsUrl } from './legacy-completions-url';

function provider(baseUrl: string, adapter: CatalogProvider['adapter'] = 'openai-compatible'): CatalogProvider {
  return { id: 'p', adapter, baseUrl, enabled: true, models: [] };
}

function model(legacyCompletions?: string): CatalogModel {
  return { id: 'm', upstream: 'm', kind: 'chat', capabilities: legacyCompletions === undefined ? {} : { legacyCompletions } };
}

describe('legacyCompletionsUrl', () => {
  it("resolves the capability against the base URL: OpenAI's /v1/completions, DeepSeek's /beta/completions", () => {
    expect(legacyCompletionsUrl(provider('https://api.openai.com/v1'), model('completions'))).toBe(
      'https://api.openai.com/v1/completions',
    );
    expect(legacyCompletionsUrl(provider('https://api.deepseek.com'), model('../beta/completions'))).toBe(
      'https://api.deepseek.com/beta/completions',
    );
    expect(legacyCompletionsUrl(provider('https://api.deepseek.com/v1/'), model('../beta/completions'))).toBe(
      'https://api.deepseek.com/beta/completions',
    );
  });

  it('is undefined without the capability, for other adapters, and for a path that would leave the origin', () => {
    expect(legacyCompletionsUrl(provider('https://api.openai.com/v1'), model())).toBeUndefined();
    expect(legacyCompletionsUrl(provider('https://x.openai.azure.com', 'azure-openai'), model('completions'))).toBeUndefined();
    expect(legacyCompletionsUrl(provider('https://api.openai.com/v1'), model('//evil.example/completions'))).toBeUndefined();
    expect(legacyCompletionsUrl(provider('https://api.openai.com/v1'), model('https://evil.example/c'))).toBeUndefined();
  });

  it('the config file takes relative paths only', () => {
    const parse = (legacyCompletions: string) =>
      catalogConfigSchema.safeParse({ providers: [{ id: 'p', models: [{ id: 'm', capabilities: { legacyCompletions } }] }] })
        .success;
    expect(parse('completions')).toBe(true);
    expect(parse('../beta/completions')).toBe(true);
    expect(parse('https://evil.example/completions')).toBe(false);
    expect(parse('//evil.example/completions')).toBe(false);
    expect(parse('/completions?x=1')).toBe(false);
  });
});
