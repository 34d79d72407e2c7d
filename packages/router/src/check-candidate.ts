import type { CatalogModel } from '@switchboard/protocol';
import type { Candidate } from './catalog-index';
import type { RejectionCode } from './route-plan';
import type { RouteRequest } from './route-request';

export interface CandidateProblem {
  code: RejectionCode;
  reason: string;
}

function missingCapability(
  model: CatalogModel,
  declared: boolean | undefined,
  strict: boolean,
  label: string,
): CandidateProblem | undefined {
  if (declared === false) return { code: 'missing-capability', reason: `'${model.id}' does not support ${label}` };
  if (strict && declared !== true) {
    return {
      code: 'missing-capability',
      reason: `'${model.id}' does not declare ${label} support (provider.require_parameters)`,
    };
  }
  return undefined;
}

function dollars(value: number): string {
  return `$${value}`;
}

/**
 * Why a candidate cannot serve this request regardless of its health, or undefined when it can.
 * A capability the catalog does not mention is assumed present (most entries do not list them),
 * unless `provider.require_parameters` asks for certainty.
 */
export function checkCandidate(
  candidate: Candidate,
  request: RouteRequest,
  kind: CatalogModel['kind'],
): CandidateProblem | undefined {
  const { provider, model } = candidate;
  if (!provider.enabled) return { code: 'disabled', reason: `provider '${provider.id}' is disabled` };
  if (model.kind !== kind)
    return { code: 'wrong-kind', reason: `'${model.id}' is ${model.kind === 'chat' ? 'a chat' : 'an embedding'} model` };

  const preferences = request.preferences;
  if (preferences?.only && !preferences.only.includes(provider.id)) {
    return { code: 'not-in-only', reason: `provider '${provider.id}' is not in provider.only` };
  }
  if (preferences?.ignore?.includes(provider.id)) {
    return { code: 'ignored', reason: `provider '${provider.id}' is in provider.ignore` };
  }
  if (preferences?.regions && !preferences.regions.some((region) => provider.regions?.includes(region))) {
    return { code: 'region', reason: `provider '${provider.id}' is not tagged with any of provider.regions` };
  }
  const missingPolicy = preferences?.dataPolicies?.find((policy) => !provider.dataPolicies?.includes(policy));
  if (missingPolicy !== undefined) {
    return { code: 'data-policy', reason: `provider '${provider.id}' does not declare the data policy '${missingPolicy}'` };
  }

  const needs = request.needs;
  if (needs.tools || needs.vision || needs.jsonMode) {
    const strict = preferences?.requireParameters === true;
    const capabilities = model.capabilities;
    const missing =
      (needs.tools ? missingCapability(model, capabilities?.tools, strict, 'tools') : undefined) ??
      (needs.vision ? missingCapability(model, capabilities?.vision, strict, 'image input') : undefined) ??
      (needs.jsonMode ? missingCapability(model, capabilities?.jsonMode, strict, 'JSON mode') : undefined);
    if (missing) return missing;
  }

  const outputTokens = request.maxOutputTokens ?? 0;
  if (model.contextWindow !== undefined && request.estimatedInputTokens + outputTokens > model.contextWindow) {
    return {
      code: 'context-window',
      reason: `about ${request.estimatedInputTokens} input + ${outputTokens} output tokens exceed the context window of ${model.contextWindow}`,
    };
  }
  if (
    request.maxOutputTokens !== undefined &&
    model.maxOutputTokens !== undefined &&
    request.maxOutputTokens > model.maxOutputTokens
  ) {
    return {
      code: 'max-output-tokens',
      reason: `max_tokens ${request.maxOutputTokens} is over the model's limit of ${model.maxOutputTokens}`,
    };
  }

  // No price in the catalog means no per-token charge (local servers), so it is never over.
  const maxPrice = preferences?.maxPrice;
  const price = model.price;
  if (maxPrice && price) {
    if (maxPrice.prompt !== undefined && price.input > maxPrice.prompt) {
      return {
        code: 'over-max-price',
        reason: `input costs ${dollars(price.input)} per 1M tokens, over provider.max_price.prompt ${dollars(maxPrice.prompt)}`,
      };
    }
    if (maxPrice.completion !== undefined && price.output > maxPrice.completion) {
      return {
        code: 'over-max-price',
        reason: `output costs ${dollars(price.output)} per 1M tokens, over provider.max_price.completion ${dollars(maxPrice.completion)}`,
      };
    }
  }
  return undefined;
}
