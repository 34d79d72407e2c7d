import type { CatalogProvider } from '@switchboard/protocol';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyProbeVerdict } from './key-probe';
import { type KeyRejectionSink, VaultKeySource } from './vault-key-source';

const provider = { id: 'openai', models: [] } as unknown as CatalogProvider;

/** The vault store's two calls, recorded (the store itself has its own Postgres tests). */
class RecordingSink implements KeyRejectionSink {
  disabled: string[] = [];
  async disableAfterUpstreamRejection(_providerId: string, keyId: string): Promise<boolean> {
    this.disabled.push(keyId);
    return true;
  }
  async markUsed(): Promise<void> {}
}

describe('VaultKeySource key health', () => {
  let source: VaultKeySource | undefined;
  afterEach(() => source?.close());

  function start(verdict: KeyProbeVerdict, holdMs = 60_000) {
    const sink = new RecordingSink();
    let announced = 0;
    const probed: string[] = [];
    source = new VaultKeySource(sink, () => announced++, pino({ level: 'silent' }), 60_000, holdMs);
    source.probeWith(async (_provider, secret) => {
      probed.push(secret);
      return verdict;
    });
    source.replace([
      { keyId: 'pk_a', providerId: 'openai', secret: 'secret-a' },
      { keyId: 'pk_b', providerId: 'openai', secret: 'secret-b' },
    ]);
    return { sink, probed, source, announced: () => announced };
  }

  it('holds a key answered 401 out of rotation while its probe runs, once per suspicion', async () => {
    const { source, probed, sink } = start('inconclusive');
    source.reportRejected(provider, 'pk_a', 401);
    source.reportRejected(provider, 'pk_a', 401);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
    expect([source.keyFor(provider)?.keyId, source.keyFor(provider)?.keyId]).toEqual(['pk_b', 'pk_b']);
    await source.probesSettled();
    expect(probed).toEqual(['secret-a']);
    expect(sink.disabled).toEqual([]);
  });

  it('puts a key back when its probe is accepted', async () => {
    const { source, sink } = start('accepted');
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
    expect(sink.disabled).toEqual([]);
  });

  it('disables a key whose probe is refused, and announces it', async () => {
    const { source, sink, announced } = start('refused');
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    expect(sink.disabled).toEqual(['pk_a']);
    expect(announced()).toBe(1);
    expect(source.keyIdsFor(provider)).toEqual(['pk_b']);
  });

  it('returns a key after the hold when the probe could not tell', async () => {
    const { source } = start('inconclusive', 20);
    source.reportRejected(provider, 'pk_a', 401);
    await source.probesSettled();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
  });

  it('keeps using the keys when every one is suspect, rather than refusing with no key', async () => {
    const { source } = start('inconclusive');
    source.reportRejected(provider, 'pk_a', 401);
    source.reportRejected(provider, 'pk_b', 401);
    expect(source.keyIdsFor(provider)).toEqual(['pk_a', 'pk_b']);
  });
});
