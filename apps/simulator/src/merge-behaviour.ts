import { DEFAULT_BEHAVIOUR, type SimulatedBehaviour } from './simulated-behaviour';

/**
 * Applies a partial behaviour. A key present with the value `undefined` goes back to its default
 * (so `{ toolCall: undefined }` answers with text again); absent keys are kept.
 */
export function mergeBehaviour(base: SimulatedBehaviour, patch: Partial<SimulatedBehaviour>): SimulatedBehaviour {
  const merged: SimulatedBehaviour = { ...base };
  const target = merged as unknown as Record<string, unknown>;
  const defaults = DEFAULT_BEHAVIOUR as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) target[key] = value;
    else if (key in defaults) target[key] = defaults[key];
    else delete target[key];
  }
  return merged;
}
