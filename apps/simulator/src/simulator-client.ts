import type { RecordedRequest } from './recorded-request';
import type { SimulatedBehaviour, SimulatedFormat } from './simulated-behaviour';

/** An error answer from the control API. */
export class SimulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorControlError';
  }
}

/** JSON drops `undefined`; the control API reads `null` as "back to the default" instead. */
function toJsonBehaviour(behaviour: Partial<SimulatedBehaviour>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(behaviour)) json[key] = value === undefined ? null : value;
  return json;
}

/** The simulator's operations over its HTTP control API, for tests and tools in other processes. */
export class SimulatorClient {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  async health(): Promise<{ status: 'ok'; providers: number }> {
    return (await this.call('GET', '/_control/health')) as { status: 'ok'; providers: number };
  }

  async addProvider(
    id: string,
    format: SimulatedFormat,
    behaviour?: Partial<SimulatedBehaviour>,
  ): Promise<{ id: string; baseUrl: string; anthropicBaseUrl?: string }> {
    const body = behaviour === undefined ? { format } : { format, behaviour: toJsonBehaviour(behaviour) };
    const added = await this.call('PUT', `/_control/providers/${encodeURIComponent(id)}`, body);
    return added as { id: string; baseUrl: string; anthropicBaseUrl?: string };
  }

  async setBehaviour(id: string, behaviour: Partial<SimulatedBehaviour>): Promise<void> {
    await this.call('PATCH', `/_control/providers/${encodeURIComponent(id)}`, toJsonBehaviour(behaviour));
  }

  async requests(id: string): Promise<RecordedRequest[]> {
    return (await this.call('GET', `/_control/providers/${encodeURIComponent(id)}/requests`)) as RecordedRequest[];
  }

  async clearRequests(id: string): Promise<void> {
    await this.call('DELETE', `/_control/providers/${encodeURIComponent(id)}/requests`);
  }

  async reset(): Promise<void> {
    await this.call('POST', '/_control/reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string } };
        message = parsed.error?.message ?? text;
      } catch {
        // not JSON: keep the raw text
      }
      throw new SimulatorControlError(response.status, `${method} ${path} failed with ${response.status}: ${message}`);
    }
    return text.length === 0 ? undefined : JSON.parse(text);
  }
}
