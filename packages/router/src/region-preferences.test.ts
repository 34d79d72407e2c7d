import type { CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { describeRejections } from './describe-rejections';
import { parseRoutingPreferences } from './parse-routing-preferences';
import { planRoute } from './plan-route';
import type { RouteRequest } from './route-request';
import { RouterState } from './router-state';
import { seededRandom } from './seeded-random';

const NOW = 1_700_000_000_000;

function provider(id: string, tags: Pick<CatalogProvider, 'regions' | 'dataPolicies'>): CatalogProvider {
  return {
    id,
    adapter: 'openai-compatible',
    baseUrl: `https://${id}.example/v1`,
    enabled: true,
    ...tags,
    models: [{ id: 'm', upstream: 'm', kind: 'chat', price: { input: 1, output: 1 } }],
  };
}

const index = new CatalogIndex({
  providers: [
    provider('us-plain', { regions: ['us'] }),
    provider('eu-plain', { regions: ['eu'] }),
    provider('eu-zdr', { regions: ['eu'], dataPolicies: ['zdr', 'no-training'] }),
    provider('untagged', {}),
  ],
  aliases: {},
});

function plan(body: Record<string, unknown>) {
  const { preferences } = parseRoutingPreferences({ model: 'm', ...body });
  const request: RouteRequest = {
    model: 'm',
    stream: false,
    estimatedInputTokens: 10,
    needs: { tools: false, vision: false, jsonMode: false },
    preferences,
  };
  return planRoute(index, request, new RouterState(), { nowMs: NOW, random: seededRandom(3) });
}

describe('provider.regions and provider.data_policies', () => {
  it('keeps only providers in one of the regions, and with every data policy', () => {
    const eu = plan({ provider: { regions: ['eu'] } });
    expect(eu.attempts.map((attempt) => attempt.provider.id).sort()).toEqual(['eu-plain', 'eu-zdr']);
    expect(eu.rejected.map((rejection) => [rejection.candidate.provider.id, rejection.code])).toEqual([
      ['us-plain', 'region'],
      ['untagged', 'region'],
    ]);
    const zdr = plan({ provider: { regions: ['eu', 'us'], data_policies: ['zdr', 'no-training'] } });
    expect(zdr.attempts.map((attempt) => attempt.provider.id)).toEqual(['eu-zdr']);
    expect(plan({ provider: { dataPolicies: ['ZDR'] } }).attempts.map((attempt) => attempt.provider.id)).toEqual(['eu-zdr']);
  });

  it('says which filter excluded everything, and refuses malformed tags', () => {
    const none = plan({ provider: { regions: ['ap'] } });
    expect(none.attempts).toEqual([]);
    expect(describeRejections(none, NOW).message).toContain('provider.regions');
    expect(() => parseRoutingPreferences({ model: 'm', provider: { regions: [] } })).toThrow(/provider.regions/);
    expect(() => parseRoutingPreferences({ model: 'm', provider: { data_policies: 'zdr' } })).toThrow(/provider.data_policies/);
  });
});
