import { matchesPattern } from '@switchboard/protocol';
import type { ApiKeySummary } from './api-key-summary';

/**
 * Whether the key may use a model. Pass every name the request's model goes by (as requested, the
 * alias's target, `provider/model`): an entry naming any of them, exactly or by a `*` pattern,
 * allows it. So `fast` allows the alias `fast`, and `deepseek/*` every DeepSeek model however it
 * was asked for, as long as the caller passes the resolved names. Null allows every model.
 */
export function isModelAllowed(key: Pick<ApiKeySummary, 'allowedModels'>, modelNames: string | readonly string[]): boolean {
  if (key.allowedModels === null) return true;
  const names = typeof modelNames === 'string' ? [modelNames] : modelNames;
  return key.allowedModels.some((pattern) => names.some((name) => matchesPattern(pattern, name)));
}
