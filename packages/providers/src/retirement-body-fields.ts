import type { CatalogProvider, ModelRetirement } from './catalog-types';
import { convertReasoningControl } from './openai-compatible/convert-reasoning-control';

/**
 * The body fields that make a retired name's replacement behave as the name did: its thinking
 * mode in the provider's own reasoning control (DeepSeek's `thinking: {type: "enabled"}` for
 * `deepseek-reasoner` on V4 Flash, `{type: "disabled"}` for `deepseek-chat`, since V4 thinks by
 * default). Undefined when the retirement names no mode or the provider has no way to say it.
 */
export function retirementBodyFields(
  provider: CatalogProvider,
  retirement: ModelRetirement,
): Record<string, unknown> | undefined {
  if (retirement.thinking === undefined) return undefined;
  const replacement = provider.models.find((model) => model.id === retirement.replacement);
  return convertReasoningControl(
    { enabled: retirement.thinking === 'enabled' },
    { provider, upstreamModel: replacement?.upstream ?? retirement.replacement, apiKey: '' },
  );
}
