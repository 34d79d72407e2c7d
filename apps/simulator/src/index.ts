export { estimateInputTokens } from './estimate-input-tokens';
export { providerAnthropicBaseUrl } from './provider-anthropic-base-url';
export { providerBaseUrl } from './provider-base-url';
export type { RecordedRequest, RequestOutcome, UsageSent } from './recorded-request';
export { DEFAULT_BEHAVIOUR, SIMULATED_FORMATS, type SimulatedBehaviour, type SimulatedFormat } from './simulated-behaviour';
export type { Simulator } from './simulator';
export { SimulatorClient, SimulatorControlError } from './simulator-client';
export { type SimulatorOptions, startSimulator } from './start-simulator';
