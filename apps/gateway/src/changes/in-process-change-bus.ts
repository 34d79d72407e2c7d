import type { ChangeBus, ChangeNotice } from './change-bus';

/** The embedded default: one process, so a notice is delivered synchronously to its listeners. */
export class InProcessChangeBus implements ChangeBus {
  private readonly listeners: ((notice: ChangeNotice) => void)[] = [];

  async publish(sequence: number): Promise<void> {
    for (const listener of this.listeners) listener(sequence);
  }

  subscribe(listener: (notice: ChangeNotice) => void): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
