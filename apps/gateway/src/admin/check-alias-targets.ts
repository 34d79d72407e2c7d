import { isModelAliasPattern } from '@switchboard/protocol';
import { type CatalogIndex, resolveCandidates } from '@switchboard/router';
import { AdminError } from './admin-error';

/**
 * 400 naming the field when an alias target is not a name the catalog serves: a typo found when
 * the alias is written, not on the first request. Targets are `provider/model`, a model id an
 * enabled provider serves, or an exact alias; never a pattern (targets are not aliased again).
 */
export function checkAliasTargets(index: CatalogIndex, field: string, targets: readonly string[]): void {
  for (const [position, target] of targets.entries()) {
    const known = !isModelAliasPattern(target) && resolveCandidates(index, target).kind !== 'unknown-model';
    if (!known) {
      throw new AdminError(
        400,
        'invalid_field',
        `${field}.${position}: '${target}' is no model in the catalog (name a provider/model, a model id an enabled provider serves, or an exact alias; GET /v1/models lists them)`,
      );
    }
  }
}
