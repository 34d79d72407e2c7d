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
  if (key === undefined || key.allowedModels === null) return undefined;
  let allows = predicates.get(key);
  if (allows === undefined) {
    allows = (candidate, requested) =>
      isModelAllowed(key, [candidate.model.id, `${candidate.provider.id}/${candidate.model.id}`, requested]);
    predicates.set(key, allows);
  }
  return allows;
}
