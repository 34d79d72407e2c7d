import { CancelSignal } from '../http/cancel-signal';
import { AttemptTimeout } from './classify-upstream-failure';

/**
 * One cancellation per attempt that fires when the client goes away or the attempt's total time
 * runs out; dispose() detaches it from the client's signal once the attempt is over.
 */
export class AttemptSignal {
  readonly signal = new CancelSignal();
  private readonly timer: NodeJS.Timeout;
  // Bound rather than an arrow-function field: under tsx every named closure is also given its
  // name with Object.defineProperty, a cost per attempt that showed in profiles.
  private readonly onClientAbort: () => void;

  constructor(
    private readonly client: CancelSignal,
    totalMs: number,
  ) {
    this.onClientAbort = this.abortFromClient.bind(this);
    this.timer = setTimeout(() => this.signal.abort(new AttemptTimeout('total')), totalMs);
    if (client.aborted) this.signal.abort(client.reason);
    else client.once('abort', this.onClientAbort);
  }

  private abortFromClient(): void {
    this.signal.abort(this.client.reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.client.off('abort', this.onClientAbort);
  }
}
