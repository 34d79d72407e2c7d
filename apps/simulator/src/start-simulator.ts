import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from './create-request-handler';
import { providerAnthropicBaseUrl } from './provider-anthropic-base-url';
import { providerBaseUrl } from './provider-base-url';
import type { Simulator } from './simulator';
import { SimulatorState } from './simulator-state';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Requests kept per provider (default 1,000). */
  recordLimit?: number;
}

function hostForUrl(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** A bound on waiting for response 'close' events, so a Node quirk can never hang a test's teardown. */
function safetyDelay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}

/** Starts the simulator on plain `node:http` with keep-alive, and returns its in-process handle. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimulatorState(options.recordLimit ?? 1000);
  let url = '';
  const server = createServer(
    { keepAlive: true, noDelay: true },
    createRequestHandler(state, () => url),
  );
  // Load generators and gateways hold connections open between bursts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://${hostForUrl(server.address() as AddressInfo)}:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    addProvider(id, format, behaviour) {
      state.addProvider(id, format, behaviour);
      const baseUrl = providerBaseUrl(url, id, format);
      return format === 'openai' ? { id, baseUrl, anthropicBaseUrl: providerAnthropicBaseUrl(url, id) } : { id, baseUrl };
    },
    setBehaviour(id, behaviour) {
      state.setBehaviour(id, behaviour);
    },
    requests(id) {
      return state.provider(id).records.list();
    },
    clearRequests(id) {
      state.provider(id).records.clear();
    },
    reset() {
      state.providers.clear();
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        state.closing = true;
        server.close(() => resolve());
        // Ends hung and in-flight answers and idle keep-alive sockets, so close() never waits on a client.
        server.closeAllConnections();
      }).then(() => Promise.race([state.whenResponsesClosed(), safetyDelay(1000)]));
      return closed;
    },
  };
}
