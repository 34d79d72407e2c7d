import { EventEmitter } from 'node:events';

/**
 * A cancellation signal for one request or attempt. undici accepts any emitter with `aborted`,
 * `reason` and an 'abort' event; this avoids an AbortController per request, whose EventTarget
 * machinery showed up among the gateway's top costs in a CPU profile.
 */
export class CancelSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
