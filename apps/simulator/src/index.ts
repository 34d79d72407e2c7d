export { estimateInputTokens } from './estimate-input-tokens';
export type { RecordedRequest, RequestOutcome, UsageSent } from './recorded-request';
export { DEFAULT_BEHAVIOUR, SIMULATED_FORMATS, type SimulatedBehaviour, type SimulatedFormat } from './simulated-behaviour';
export type { Simulator } from './simulator';
export { SimulatorClient, SimulatorControlError } from './simulator-client';
export { type SimulatorOptions, startSimulator } from './start-simulator';
