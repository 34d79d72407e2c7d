import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyTestBody, ListBody, ProviderKeyBody } from './admin-api-bodies';
import { distinctiveSecret, secretSpellings } from './secret-spellings';
import { eventually, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('two gateway instances on one Postgres and one Redis', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true });
    second = await startSwitchboardHarness({ join: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('stops using a key on the other instance within a second of its revocation', async () => {
    const revokedSecret = distinctiveSecret('revoked');
    const keptSecret = distinctiveSecret('kept');
    const revokedKeyId = await first.addKey(SIMULATED_PROVIDER, 'one', revokedSecret);
    await first.addKey(SIMULATED_PROVIDER, 'two', keptSecret);

    // The second instance learns of both keys through Redis; wait until it has used each.
    first.simulator.clearRequests(SIMULATED_PROVIDER);
    await eventually(async () => {
      expect((await second.chat()).status).toBe(200);
      const sent = new Set(second.authorizationsSent());
      return sent.has(`Bearer ${revokedSecret}`) && sent.has(`Bearer ${keptSecret}`) ? true : undefined;
    });

    const revokeStarted = Date.now();
    const revoked = await first.admin<ProviderKeyBody>(
      'POST',
      `/admin/providers/${SIMULATED_PROVIDER}/keys/${revokedKeyId}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');

    // Keep the second instance busy through the grace second and beyond; no chat may fail meanwhile.
    while (Date.now() < revokeStarted + 1_500) {
      const response = await second.chat();
      expect(response.status, response.text).toBe(200);
      await pause(20);
    }
    const afterGrace = first.simulator
      .requests(SIMULATED_PROVIDER)
      .filter((request) => request.receivedAt > revokeStarted + 1_000)
      .map((request) => request.headers.authorization);
    expect(afterGrace.length).toBeGreaterThan(5);
    expect(afterGrace.every((header) => header === `Bearer ${keptSecret}`)).toBe(true);
  });
});

describe('provider keys on one instance', () => {
  let harness: SwitchboardHarness;

  async function keysOf(providerId: string): Promise<ProviderKeyBody[]> {
    const response = await harness.admin<ListBody<ProviderKeyBody>>('GET', `/admin/providers/${providerId}/keys`);
    expect(response.status).toBe(200);
    return response.body.data;
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
  });
  afterAll(() => harness?.close());

  it('takes a key the upstream refuses out of rotation by itself, and falls over to the good key', async () => {
    const goodSecret = distinctiveSecret('good');
    const badSecret = distinctiveSecret('bad');
    const { model } = await harness.addSimulatedProvider('strict', { expectedKey: goodSecret });
    // Named so the refused key comes first in the rotation.
    const badKeyId = await harness.addKey('strict', 'a-refused', badSecret);
    const goodKeyId = await harness.addKey('strict', 'b-accepted', goodSecret);

    for (let index = 0; index < 4; index++) {
      const response = await harness.chat(model);
      expect(response.status, response.text).toBe(200);
    }
    const bad = await eventually(async () => {
      const key = (await keysOf('strict')).find((entry) => entry.id === badKeyId);
      return key?.status === 'disabled' ? key : undefined;
    });
    // Refused once, then never offered again to a chat; the probe of the models list refused it too.
    const badRequests = harness.simulator
      .requests('strict')
      .filter((request) => request.headers.authorization === `Bearer ${badSecret}`)
      .map((request) => `${request.method} ${request.path}`);
    expect(badRequests).toEqual(['POST /p/strict/v1/chat/completions', 'GET /p/strict/v1/models']);

    expect(bad.statusReason).toMatch(/401/);
    const audit = await harness.admin<ListBody<{ actor: string; action: string }>>(
      'GET',
      `/admin/audit?target_type=provider_key&target_id=${badKeyId}`,
    );
    expect(audit.body.data).toContainEqual(expect.objectContaining({ actor: 'gateway', action: 'provider_key.disable' }));
    expect((await keysOf('strict')).find((entry) => entry.id === goodKeyId)?.status).toBe('active');

    await harness.switchboard.live.settled();
    harness.simulator.clearRequests('strict');
    for (let index = 0; index < 4; index++) expect((await harness.chat(model)).status).toBe(200);
    expect(harness.authorizationsSent('strict')).toEqual(Array(4).fill(`Bearer ${goodSecret}`));
  });

  it('spreads load over two good active keys', async () => {
    const leftSecret = distinctiveSecret('left');
    const rightSecret = distinctiveSecret('right');
    const { model } = await harness.addSimulatedProvider('spread');
    await harness.addKey('spread', 'left', leftSecret);
    await harness.addKey('spread', 'right', rightSecret);

    for (let index = 0; index < 10; index++) expect((await harness.chat(model)).status).toBe(200);
    const sent = harness.authorizationsSent('spread');
    expect(sent).toHaveLength(10);
    const left = sent.filter((header) => header === `Bearer ${leftSecret}`).length;
    const right = sent.filter((header) => header === `Bearer ${rightSecret}`).length;
    expect(left + right).toBe(10);
    expect(Math.min(left, right)).toBeGreaterThanOrEqual(3);
  });

  it('tests a key: ok with status and latency when accepted, 401 when refused, never echoing the secret', async () => {
    const goodSecret = distinctiveSecret('probe-good');
    const badSecret = distinctiveSecret('probe-bad');
    await harness.addSimulatedProvider('probe', { expectedKey: goodSecret, latencyMs: 30 });
    const goodKeyId = await harness.addKey('probe', 'good', goodSecret);
    const badKeyId = await harness.addKey('probe', 'bad', badSecret);

    const good = await harness.admin<KeyTestBody>('POST', `/admin/providers/probe/keys/${goodKeyId}/test`);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, status: 200, model: 'probe-model' });
    // The simulator waits 30 ms before answering, so the latency is measured, not made up.
    expect(good.body.latencyMs).toBeGreaterThanOrEqual(25);
    expect(good.body.latencyMs).toBeLessThan(5_000);

    const bad = await harness.admin<KeyTestBody>('POST', `/admin/providers/probe/keys/${badKeyId}/test`);
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ ok: false, status: 401, model: 'probe-model' });
    expect(bad.body.message).not.toBe('');

    // Each test was a real call with that key.
    expect(harness.authorizationsSent('probe')).toEqual([`Bearer ${goodSecret}`, `Bearer ${badSecret}`]);
    for (const spelling of [...secretSpellings(goodSecret), ...secretSpellings(badSecret)]) {
      expect(good.text).not.toContain(spelling);
      expect(bad.text).not.toContain(spelling);
    }
  });
});
