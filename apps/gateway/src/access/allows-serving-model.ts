import { type ApiKeySummary, isModelAllowed } from '@switchboard/access';
import { GatewayError } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';

/** 403 naming the first requested model (or fallback model) the key may not use. */
export function ensureModelsAllowed(key: ApiKeySummary, request: RouteRequest): void {
  for (const name of [request.model, ...(request.models ?? [])]) {
    if (!isModelAllowed(key, name)) {
      throw new GatewayError({
        status: 403,
        type: 'permission_error',
        code: 'model_not_allowed',
        param: 'model',
        message: `This API key may not use the model '${name}'.`,
      });
    }
  }
}
