import type { ProviderKeyStatus } from '@switchboard/db';
import type { CatalogProvider } from '@switchboard/protocol';
import { nextProviderKeyStatus, type ProviderKeyEvent } from '@switchboard/vault';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyProbePurpose, KeyProbeVerdict } from './key-probe';
import { type KeyStateStore, VaultKeySource } from './vault-key-source';

const provider = { id: 'openai', models: [] } as unknown as CatalogProvider;

/** The store's state diagram in memory (the store itself has its own Postgres tests). */
class MemoryStateStore implements KeyStateStore {
  readonly statuses = new Map<string, ProviderKeyStatus>([
    ['pk_a', 'active'],
    ['pk_b', 'active'],
  ]);
  readonly due = new Set<string>();
  readonly events: string[] = [];
  async transition(_providerId: string, keyId: string, event: ProviderKeyEvent): Promise<boolean> {
    const next = nextProviderKeyStatus(this.statuses.get(keyId) ?? 'revoked', event);
    if (next === undefined) return false;
    this.statuses.set(keyId, next);
    this.events.push(`${keyId}:${event}`);
    return true;
  }
  async claimDueProbes() {
    const claims = [...this.due].map((keyId) => ({ keyId, providerId: 'openai', status: this.statuses.get(keyId)! }));
    this.due.clear();
    return claims;
  }
  async markUsed(): Promise<void> {}
}

describe('VaultKeySource key health', () => {
  let source: VaultKeySource | undefined;
  afterEach(() => source?.close());

  function start(verdicts: KeyProbeVerdict[]) {
    const store = new MemoryStateStore();
    let announced = 0;
    const probed: string[] = [];
    source = new VaultKeySource(store, () => announced++, pino({ level: 'silent' }), 60_000);
    source.probeWith(
      async (_provider, secret, purpose: KeyProbePurpose) => {
        probed.push(`${secret}:${purpose}`);
        return verdicts.shift() ?? 'inconclusive';
      },
      () => provider,
    );
    source.replace([
      { keyId: 'pk_a', providerId: 'openai', secret: 'secret-a' },
      { keyId: 'pk_b', providerId: 'openai', secret: 'secret-b' },
    ]);
    return { store, probed, source, announced: () => announced };
  }

  it('makes a key answered 401 suspect in the store, probes it once, and keeps it out of rotation meanwhile', async () => {
    const { source, probed, store, announced } = start(['inconclusive']);
    source.reportRejected(provider, 'pk_a', 401);
    source.reportRejected(provider, 'pk_a', 401);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
    expect([source.keyFor(provider)?.keyId, source.keyFor(provider)?.keyId]).toEqual(['pk_b', 'pk_b']);
    await source.probesSettled();
    expect(probed).toEqual(['secret-a:key']);
    expect(store.statuses.get('pk_a')).toBe('suspect');
    expect(announced()).toBe(1);
  });

  it('puts a key back when its probe is accepted', async () => {
    const { source, store } = start(['accepted']);
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
    expect(store.events).toEqual(['pk_a:upstreamRefused', 'pk_a:probeAccepted']);
  });

  it('disables a key whose probe is refused, and announces it', async () => {
    const { source, store, announced } = start(['refused']);
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    expect(store.statuses.get('pk_a')).toBe('disabled');
    expect(announced()).toBe(2);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
  });

  it('re-probes a suspect key on schedule when its first probe could not tell', async () => {
    const { source, store, probed } = start(['inconclusive', 'accepted']);
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    store.due.add('pk_a');
    await source.probeDueKeys();
    expect(probed).toEqual(['secret-a:key', 'secret-a:key']);
    expect(store.statuses.get('pk_a')).toBe('active');
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
  });

  it('keeps using the keys when every one is suspect, rather than refusing with no key', async () => {
    const { source } = start([]);
    source.reportRejected(provider, 'pk_a', 401);
    source.reportRejected(provider, 'pk_b', 401);
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
  });

  it('skips a key out of credit, says so when every key is, and restores it when a credit probe passes', async () => {
    const { source, store, probed } = start(['out_of_credit', 'accepted']);
    source.reportRejected(provider, 'pk_a', 402);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
    expect(source.outOfCredit(provider)).toBe(false);
    source.reportRejected(provider, 'pk_b', 402);
    await source.probesSettled();
    // Out of credit keys never serve, not even as a last resort: their 402 is certain.
    expect(source.keyIdsFor(provider)).toEqual([]);
    expect(source.keyFor(provider)).toBeUndefined();
    expect(source.outOfCredit(provider)).toBe(true);
    // No immediate probe for a 402: the schedule probes, with a billed one-token call.
    expect(probed).toEqual([]);
    store.due.add('pk_a');
    await source.probeDueKeys();
    expect(store.statuses.get('pk_a')).toBe('out_of_credit');
    store.due.add('pk_a');
    await source.probeDueKeys();
    expect(probed).toEqual(['secret-a:credit', 'secret-a:credit']);
    expect(store.statuses.get('pk_a')).toBe('active');
    expect(source.keyIdsFor(provider)).toEqual(['pk_a']);
    expect(source.outOfCredit(provider)).toBe(false);
  });

  it('loads states from the vault: suspect keys serve only as a last resort, out of credit never', () => {
    const { source } = start([]);
    source.replace([
      { keyId: 'pk_a', providerId: 'openai', secret: 'secret-a', status: 'suspect' },
      { keyId: 'pk_b', providerId: 'openai', secret: 'secret-b', status: 'out_of_credit' },
    ]);
    expect(source.keyIdsFor(provider)).toEqual(['pk_a']);
    expect(source.statusOf('pk_b')).toBe('out_of_credit');
  });

  it('never hands out a key for endpoints other than the ones it was loaded with', () => {
    const { source } = start([]);
    const endpoints = { baseUrl: 'https://api.example.com/v1', anthropicBaseUrl: null };
    source.replace([{ keyId: 'pk_a', providerId: 'openai', secret: 'secret-a', endpoints }]);
    const loadedWith = { ...provider, baseUrl: endpoints.baseUrl } as CatalogProvider;
    expect(source.keyFor(loadedWith)?.keyId).toBe('pk_a');
    // The catalog reloaded first with a new origin: no key until the keys reload says which are confirmed.
    const moved = { ...provider, baseUrl: 'https://attacker.example/v1' } as CatalogProvider;
    expect(source.keyFor(moved)).toBeUndefined();
    expect(source.keyIdsFor(moved)).toEqual([]);
    expect(source.keyFor({ ...loadedWith, anthropicBaseUrl: 'https://attacker.example' } as CatalogProvider)).toBeUndefined();
  });

  it('puts a key back in rotation here when its suspicion cannot be recorded', async () => {
    const { source, store, probed } = start([]);
    store.transition = async () => {
      throw new Error('connection refused');
    };
    source.reportRejected(provider, 'pk_a', 401);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
    await source.probesSettled();
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
    expect(probed).toEqual([]);
  });
});
