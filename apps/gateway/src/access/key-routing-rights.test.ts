import type { ApiKeySummary, TeamSummary } from '@switchboard/access';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../app/request-record';
import { keyPolicy } from './key-routing-rights';

function recordWith(defaultPolicy: string | null, team: Partial<TeamSummary> | null): RequestRecord {
  return { apiKey: { defaultPolicy, team } as unknown as ApiKeySummary } as RequestRecord;
}

describe('keyPolicy', () => {
  it("takes the key's routing policy over its team's, and the team's when the key has none", () => {
    expect(keyPolicy(recordWith('latency', { routingPolicy: 'price' }))).toBe('latency');
    expect(keyPolicy(recordWith(null, { routingPolicy: 'price' }))).toBe('price');
    expect(keyPolicy(recordWith(null, { routingPolicy: null }))).toBeUndefined();
    expect(keyPolicy(recordWith(null, null))).toBeUndefined();
  });
});
