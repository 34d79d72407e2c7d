import type { NeutralReasoning } from '@switchboard/protocol';
import type { AdapterTarget } from '../provider-adapter';
import { profileFor } from './profiles/openai-compatible-profiles';

/**
 * The thinking a Messages-surface client asked for, as the provider's own reasoning control:
 * DeepSeek's `thinking: {type}` switch, Qwen's `enable_thinking`, or OpenAI's `reasoning_effort`
 * (the catalog's `reasoningControl`, else the provider's profile). Providers that name no
 * control get `reasoning_effort` only for models with the reasoning capability (others would
 * refuse the field). A disabled request sends no `reasoning_effort`: OpenAI's reasoning models
 * cannot switch reasoning off, and the lowest value differs between them.
 */
export function convertReasoningControl(
  reasoning: NeutralReasoning | undefined,
  target: AdapterTarget,
): Record<string, unknown> | undefined {
  if (reasoning === undefined) return undefined;
  const control =
    target.provider.reasoningControl ??
    profileFor(target.provider.id).thinkingControl ??
    (servesReasoningModel(target) ? 'reasoning-effort' : undefined);
  if (control === 'deepseek-thinking') return { thinking: { type: reasoning.enabled ? 'enabled' : 'disabled' } };
  if (control === 'enable-thinking') return { enable_thinking: reasoning.enabled };
  if (control === 'reasoning-effort' && reasoning.enabled) return { reasoning_effort: reasoning.effort ?? 'medium' };
  return undefined;
}

function servesReasoningModel(target: AdapterTarget): boolean {
  const model = target.provider.models.find((candidate) => candidate.upstream === target.upstreamModel);
  return model?.capabilities?.reasoning === true;
}
