import { AttemptTimeout } from './classify-upstream-failure';

/**
 * One abort signal per attempt that fires when the client goes away or the attempt's total time
 * runs out. Hand-rolled instead of AbortSignal.any, which leaks listeners on long-lived signals
 * in Node 20.
 */
export class AttemptSignal {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onClientAbort = () => this.controller.abort(this.client.reason);

  constructor(
    private readonly client: AbortSignal,
    totalMs: number,
  ) {
    this.timer = setTimeout(() => this.controller.abort(new AttemptTimeout('total')), totalMs);
    if (client.aborted) this.controller.abort(client.reason);
    else client.addEventListener('abort', this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.client.removeEventListener('abort', this.onClientAbort);
  }
}
