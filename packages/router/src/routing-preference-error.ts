import { GatewayError } from '@switchboard/protocol';

/**
 * A `provider` or `models` field the router cannot honour: an unknown field, a wrong type, a
 * contradiction. A 400 naming the field, so a typo (`provider.sortt`) or an OpenRouter option we
 * do not implement (`provider.data_collection`) is never silently ignored.
 */
export class RoutingPreferenceError extends GatewayError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super({ status: 400, type: 'invalid_request_error', code: 'invalid_routing_preference', param: path, message });
    this.name = 'RoutingPreferenceError';
  }
}
