import type { ChangeBus, ChangeTopic } from './change-bus';

/** The embedded default: one process, so a change is delivered synchronously to its listeners. */
export class InProcessChangeBus implements ChangeBus {
  private readonly listeners: ((topic: ChangeTopic) => void)[] = [];

  async publish(topic: ChangeTopic): Promise<void> {
    for (const listener of this.listeners) listener(topic);
  }

  subscribe(listener: (topic: ChangeTopic) => void): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
