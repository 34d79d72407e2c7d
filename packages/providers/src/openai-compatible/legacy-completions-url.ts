import type { CatalogModel, CatalogProvider } from '../catalog-types';

/**
 * Where the model serves OpenAI's legacy text completions natively (its `legacyCompletions`
 * capability resolved against the provider's base URL), or undefined when it does not: only
 * OpenAI-shaped providers, and never a URL on another origin than the base URL's.
 */
export function legacyCompletionsUrl(provider: CatalogProvider, model: CatalogModel): string | undefined {
  const path = model.capabilities?.legacyCompletions;
  if (path === undefined || path.length === 0 || provider.adapter !== 'openai-compatible') return undefined;
  const base = provider.baseUrl.endsWith('/') ? provider.baseUrl : `${provider.baseUrl}/`;
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return undefined;
  }
  return url.origin === new URL(base).origin ? url.href : undefined;
}
