import { parseBehaviour } from './parse-behaviour';
import type { SimulatedBehaviour, SimulatedFormat } from './simulated-behaviour';
import { SIMULATED_FORMATS } from './simulated-behaviour';
import { SimulatedProvider } from './simulated-provider';
import { UnknownProviderError } from './unknown-provider-error';

/** Callers may be other processes, so behaviour is checked even when typed. */
function checkedBehaviour(behaviour: unknown): Partial<SimulatedBehaviour> {
  const parsed = parseBehaviour(behaviour);
  if ('problem' in parsed) throw new TypeError(parsed.problem);
  return parsed.behaviour;
}

/** The providers and lifecycle that the in-process API, the control API and the handlers share. */
export class SimulatorState {
  readonly providers = new Map<string, SimulatedProvider>();
  /** Set by close(): requests ended now are the simulator's doing, not the client's. */
  closing = false;
  private sequence = 0;
  /** Provider responses not yet closed; close() waits for them so every record is final. */
  private openResponses = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly recordLimit: number) {}

  responseOpened(): void {
    this.openResponses++;
  }

  responseClosed(): void {
    this.openResponses--;
    if (this.openResponses > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every provider response has emitted 'close'. */
  whenResponsesClosed(): Promise<void> {
    if (this.openResponses === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addProvider(id: string, format: SimulatedFormat, behaviour: unknown): SimulatedProvider {
    if (!SIMULATED_FORMATS.includes(format)) throw new TypeError(`format must be one of ${SIMULATED_FORMATS.join(', ')}`);
    const provider = new SimulatedProvider(id, format, checkedBehaviour(behaviour), this.recordLimit);
    this.providers.set(id, provider);
    return provider;
  }

  provider(id: string): SimulatedProvider {
    const provider = this.providers.get(id);
    if (provider === undefined) throw new UnknownProviderError(id);
    return provider;
  }

  setBehaviour(id: string, behaviour: unknown): SimulatedProvider {
    const provider = this.provider(id);
    provider.update(checkedBehaviour(behaviour));
    return provider;
  }
}
