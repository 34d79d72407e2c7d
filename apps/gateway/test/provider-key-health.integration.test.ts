import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListBody, ProviderKeyBody } from './admin-api-bodies';
import { distinctiveSecret } from './secret-spellings';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

describe('provider key health (one answer never retires a key for everyone)', () => {
  let harness: SwitchboardHarness;

  async function statusOf(providerId: string, keyId: string): Promise<string | undefined> {
    const response = await harness.admin<ListBody<ProviderKeyBody>>('GET', `/admin/providers/${providerId}/keys`);
    return response.body.data.find((entry) => entry.id === keyId)?.status;
  }

  function requestsOf(providerId: string): string[] {
    return harness.simulator.requests(providerId).map((request) => `${request.method} ${request.path}`);
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
  });
  afterAll(() => harness?.close());

  it("answers a 403 for one prompt as the client's error, on no other key, and keeps serving", async () => {
    // The provider refuses the first prompt (as a moderation flag would), then serves.
    const { model } = await harness.addSimulatedProvider('moderated', {
      errorStatus: 403,
      failFirst: 1,
      errorMessage: 'Your prompt was flagged by our safety system.',
    });
    const firstKeyId = await harness.addKey('moderated', 'a-first', distinctiveSecret('moderated-a'));
    const secondKeyId = await harness.addKey('moderated', 'b-second', distinctiveSecret('moderated-b'));

    const refused = await harness.chat(model);
    expect(refused.status, refused.text).toBe(403);
    const error = (JSON.parse(refused.text) as { error: { message: string; code: string } }).error;
    expect(error.message).toContain("Provider 'moderated'");
    expect(error.message).toContain('flagged');
    // Not retried on the other key, and no probe: a 403 says nothing against the key.
    expect(requestsOf('moderated')).toEqual(['POST /p/moderated/v1/chat/completions']);

    for (let index = 0; index < 4; index++) {
      const response = await harness.chat(model);
      expect(response.status, response.text).toBe(200);
    }
    expect(await statusOf('moderated', firstKeyId)).toBe('active');
    expect(await statusOf('moderated', secondKeyId)).toBe('active');
    // Both keys still take turns.
    expect(new Set(harness.authorizationsSent('moderated')).size).toBe(2);
  });

  it('keeps a key active when one request gets a 401 and its probe is accepted', async () => {
    // One 401 to a chat; the models list (the probe) always answers 200 with this key.
    const secret = distinctiveSecret('flaky');
    const { model } = await harness.addSimulatedProvider('flaky-auth', { errorStatus: 401, failFirst: 1 });
    const keyId = await harness.addKey('flaky-auth', 'only', secret);

    const refused = await harness.chat(model);
    expect(refused.status, refused.text).toBe(502);
    expect(refused.text).toContain('upstream_auth_failed');
    expect(refused.text).not.toContain(secret);

    // The probe went out with the same key and was accepted: the key serves again.
    await eventually(async () => (requestsOf('flaky-auth').includes('GET /p/flaky-auth/v1/models') ? true : undefined));
    const served = await eventually(async () => {
      const response = await harness.chat(model);
      return response.status === 200 ? response : undefined;
    });
    expect(served.status).toBe(200);
    // The verdict reaches Postgres just after the probe answers.
    expect(await eventually(async () => ((await statusOf('flaky-auth', keyId)) === 'active' ? true : undefined))).toBe(true);
    expect(new Set(harness.authorizationsSent('flaky-auth'))).toEqual(new Set([`Bearer ${secret}`]));
    for (let index = 0; index < 3; index++) expect((await harness.chat(model)).status).toBe(200);
  });

  it('disables a key the provider truly revoked, once its probe is refused with 401', async () => {
    const goodSecret = distinctiveSecret('kept');
    const revokedSecret = distinctiveSecret('revoked-upstream');
    const { model } = await harness.addSimulatedProvider('revoking', { expectedKey: goodSecret });
    const revokedKeyId = await harness.addKey('revoking', 'a-revoked', revokedSecret);
    await harness.addKey('revoking', 'b-good', goodSecret);

    // The refused key's request falls over to the good key: the client never sees the 401.
    expect((await harness.chat(model)).status).toBe(200);
    expect(await eventually(async () => ((await statusOf('revoking', revokedKeyId)) === 'disabled' ? true : undefined))).toBe(
      true,
    );
    const probes = harness.simulator
      .requests('revoking')
      .filter((request) => request.method === 'GET')
      .map((request) => request.headers.authorization);
    expect(probes).toEqual([`Bearer ${revokedSecret}`]);
  });
});
