import type { CatalogProvider } from '../catalog-types';
import { joinUrl } from '../join-url';

/** The first dated preview that served `/openai/responses` (Microsoft's API version lifecycle). */
const FIRST_RESPONSES_PREVIEW = '2025-03-01-preview';

/**
 * Azure OpenAI's Responses endpoint. Microsoft documents it on the v1 API,
 * `{endpoint}/openai/v1/responses`, with the deployment as the body's `model` and no api-version
 * (the GA v1 API needs none; `apiVersion: "preview"` asks for its preview features). Resources
 * pinned to a dated preview from 2025-03-01-preview on keep the older
 * `/openai/responses?api-version=...` form. The chat `apiVersion` (2024-10-21, the built-in
 * default) predates Responses, so any other value means v1.
 */
export function azureResponsesUrl(provider: CatalogProvider): string {
  const version = provider.apiVersion;
  if (version === 'preview') return `${joinUrl(provider.baseUrl, '/openai/v1/responses')}?api-version=preview`;
  if (version !== undefined && /^\d{4}-\d{2}-\d{2}-preview$/.test(version) && version >= FIRST_RESPONSES_PREVIEW) {
    return `${joinUrl(provider.baseUrl, '/openai/responses')}?api-version=${encodeURIComponent(version)}`;
  }
  return joinUrl(provider.baseUrl, '/openai/v1/responses');
}
