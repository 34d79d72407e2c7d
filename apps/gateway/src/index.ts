export { type RunningGateway, type StartGatewayOptions, startGateway } from './app/start-gateway';
export { type RunningSwitchboard, type StartSwitchboardOptions, startSwitchboard } from './app/start-switchboard';
export { EnvironmentKeySource, type ProviderKeySource } from './keys/environment-key-source';
export { createLogger } from './logging/create-logger';
export { type GatewaySettings, gatewaySettingsFromEnvironment } from './settings/gateway-settings';
export { loadCatalog } from './settings/load-catalog';
