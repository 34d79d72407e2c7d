import { type ApiKeySummary, isModelAllowed } from '@switchboard/access';
import type { PlanRouteOptions } from '@switchboard/router';

type Allows = NonNullable<PlanRouteOptions['allows']>;

const predicates = new WeakMap<ApiKeySummary, Allows>();

/**
 * The router's test of a key's allowedModels, applied to each candidate: the model that would
 * serve, by its catalog id or `provider/model`, or the catalog name it was planned from (an exact
 * gateway alias such as `fast`). The name the client sent counts only when it is one of those, so
 * a key or pattern alias cannot lead a key to a model outside its scope. Undefined: any model.
 */
export function allowsServingModel(key: ApiKeySummary | undefined): Allows | undefined {
  if (key === undefined) return undefined;
  const team = key.team ?? null;
  if (key.allowedModels === null && (team === null || team.allowedModels === null)) return undefined;
  let allows = predicates.get(key);
  if (allows === undefined) {
    // A key in a team may use only what both allow: the intersection of the two lists.
    allows = (candidate, requested) => {
      const names = [candidate.model.id, `${candidate.provider.id}/${candidate.model.id}`, requested];
      return isModelAllowed(key, names) && (team === null || isModelAllowed(team, names));
    };
    predicates.set(key, allows);
  }
  return allows;
}
