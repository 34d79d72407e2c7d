import type { CatalogIndex } from '@switchboard/router';
import type { Logger } from 'pino';
import type { ProviderKeySource } from '../keys/environment-key-source';
import type { GatewaySettings } from '../settings/gateway-settings';
import type { UpstreamClient } from '../upstream/upstream-client';

/** What every route handler needs, built once at start. */
export interface GatewayContext {
  settings: GatewaySettings;
  catalog: CatalogIndex;
  keys: ProviderKeySource;
  upstream: UpstreamClient;
  logger: Logger;
}
