const LONGEST_ID = 256;

/**
 * A provider's answer id as the usage event keeps it: a non-empty string of sensible length, or
 * nothing. The id is the provider's to choose, so an absurd one is dropped, not stored and indexed.
 */
export function upstreamIdOf(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.length === 0 || id.length > LONGEST_ID) return undefined;
  return id;
}
