import type { RecordedRequest } from './recorded-request';
import type { SimulatedBehaviour, SimulatedFormat } from './simulated-behaviour';

/** A running simulator, driven in-process (tests, bench) or over its control API. */
export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /**
   * Adds (or replaces, with fresh records) a provider; returns the base URL to configure, and for
   * `openai`-format providers the base URL of their Anthropic endpoint (DeepSeek's `/anthropic`).
   */
  addProvider(
    id: string,
    format: SimulatedFormat,
    behaviour?: Partial<SimulatedBehaviour>,
  ): { id: string; baseUrl: string; anthropicBaseUrl?: string };
  /** Merges into the provider's behaviour; `undefined` values go back to the default. */
  setBehaviour(id: string, behaviour: Partial<SimulatedBehaviour>): void;
  /** Oldest first, at most `recordLimit`; copies, taken now. */
  requests(id: string): RecordedRequest[];
  clearRequests(id: string): void;
  /** Removes all providers. */
  reset(): void;
  /** Stops listening and ends every open request (hung ones stay recorded as `hung`). */
  close(): Promise<void>;
}
