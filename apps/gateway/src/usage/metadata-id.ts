import type { StreamPart } from '@switchboard/protocol';

/** The provider's answer id among an answer's parts (its metadata part), if it named one. */
export function metadataId(parts: readonly StreamPart[]): string | undefined {
  for (const part of parts) if (part.type === 'metadata' && part.id !== undefined) return part.id;
  return undefined;
}
