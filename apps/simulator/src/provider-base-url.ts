import type { SimulatedFormat } from './simulated-behaviour';

/** What a gateway's provider config points at; its adapter appends the endpoint paths. */
export function providerBaseUrl(origin: string, id: string, format: SimulatedFormat): string {
  const root = `${origin}/p/${id}`;
  if (format === 'openai') return `${root}/v1`;
  if (format === 'gemini') return `${root}/v1beta`;
  return root;
}
