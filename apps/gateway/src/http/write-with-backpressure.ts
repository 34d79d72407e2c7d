import type { ServerResponse } from 'node:http';

/** Writes and, when the socket buffer is full, waits for it to drain (or for the client to leave). */
export function writeWithBackpressure(outgoing: ServerResponse, text: string): Promise<void> | undefined {
  if (outgoing.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}
