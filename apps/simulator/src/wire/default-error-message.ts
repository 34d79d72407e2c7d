/** A readable message for an injected error, naming the provider so failover tests can tell them apart. */
export function defaultErrorMessage(status: number, providerId: string): string {
  if (status === 429) return `Rate limit reached for simulated provider ${providerId}. Please try again later.`;
  if (status === 401) return `Simulated provider ${providerId} rejected the API key.`;
  if (status === 529 || status === 503) return `Simulated provider ${providerId} is overloaded.`;
  if (status >= 500) return `Simulated provider ${providerId} had an internal error.`;
  return `Simulated provider ${providerId} answered ${status}.`;
}
