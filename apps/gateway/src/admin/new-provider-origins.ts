import type { CatalogProvider } from '@switchboard/protocol';

/** Scheme, host and port: where a provider's keys are sent. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    // Validated before it is stored; an unparsable one is its own origin.
    return url;
  }
}

/** The origins a provider's keys are sent to. */
export function providerOrigins(provider: Pick<CatalogProvider, 'baseUrl' | 'anthropicBaseUrl'>): string[] {
  return [provider.baseUrl, provider.anthropicBaseUrl].filter((url): url is string => url !== undefined).map(originOf);
}

/**
 * The origins `next` sends keys to that `current` did not (issue 15 point 5: a key only goes
 * where an admin confirmed it may). Empty when only paths changed or an endpoint was removed.
 */
export function newProviderOrigins(
  current: Pick<CatalogProvider, 'baseUrl' | 'anthropicBaseUrl'>,
  next: Pick<CatalogProvider, 'baseUrl' | 'anthropicBaseUrl'>,
): string[] {
  const known = new Set(providerOrigins(current));
  return [...new Set(providerOrigins(next).filter((origin) => !known.has(origin)))];
}
