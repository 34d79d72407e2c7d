import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDatabase, providerKeys } from '@switchboard/db';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultKeySource } from '../src/keys/vault-key-source';
import type { AdminTokenBody, AuditEntryBody, KeyTestBody, ListBody, ProviderBody, ProviderKeyBody } from './admin-api-bodies';
import { distinctiveSecret, secretSpellings } from './secret-spellings';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

async function keysOf(harness: SwitchboardHarness, providerId: string): Promise<ProviderKeyBody[]> {
  const response = await harness.admin<ListBody<ProviderKeyBody>>('GET', `/admin/providers/${providerId}/keys`);
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

async function keyOf(harness: SwitchboardHarness, providerId: string, keyId: string): Promise<ProviderKeyBody> {
  return (await keysOf(harness, providerId)).find((key) => key.id === keyId)!;
}

async function tokenWithRole(harness: SwitchboardHarness, role: 'keys' | 'billing'): Promise<string> {
  const created = await harness.admin<AdminTokenBody>('POST', '/admin/tokens', { name: `${role}-${Date.now()}`, role });
  expect(created.status, created.text).toBe(201);
  return created.body.token!;
}

async function auditActions(harness: SwitchboardHarness, keyId: string): Promise<string[]> {
  const audit = await harness.admin<ListBody<AuditEntryBody>>('GET', `/admin/audit?target_type=provider_key&target_id=${keyId}`);
  return audit.body.data.map((entry) => `${entry.actor}:${entry.action}`);
}

function keySourceOf(harness: SwitchboardHarness): VaultKeySource {
  return harness.switchboard.gateway.context.keys as VaultKeySource;
}

async function chatWith(harness: SwitchboardHarness, body: Record<string, unknown>) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }], ...body }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function metricsOf(harness: SwitchboardHarness): Promise<string> {
  return (await fetch(`${harness.url}/metrics`)).text();
}

describe('secrets bound to their origin (issue 15 point 5)', () => {
  let harness: SwitchboardHarness;
  // A server the `keys` token controls: another simulator, on another port (another origin).
  let attacker: Simulator;

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
    attacker = await startSimulator();
  });
  afterAll(async () => {
    await harness?.close();
    await attacker?.close();
  });

  it('holds every key when a keys token repoints baseUrl; neither the key test nor routing sends the secret there until each key is confirmed', async () => {
    const secret = distinctiveSecret('origin-bound');
    const { model } = await harness.addSimulatedProvider('bound');
    const keyId = await harness.addKey('bound', 'main', secret);
    expect((await harness.chat(model)).status).toBe(200);
    const keysToken = await tokenWithRole(harness, 'keys');
    const { baseUrl: attackerBaseUrl } = attacker.addProvider('bound', 'openai');

    const repointed = await harness.admin<ProviderBody>(
      'PATCH',
      '/admin/providers/bound',
      { baseUrl: attackerBaseUrl },
      keysToken,
    );
    expect(repointed.status, repointed.text).toBe(200);
    await harness.switchboard.live.settled();
    const held = await keyOf(harness, 'bound', keyId);
    expect(held.status).toBe('needs_confirmation');
    expect(held.statusReason).toContain(new URL(attackerBaseUrl).origin);
    expect(Date.parse(held.statusSince)).toBeGreaterThan(Date.now() - 60_000);

    const tested = await harness.admin<KeyTestBody>('POST', `/admin/providers/bound/keys/${keyId}/test`, undefined, keysToken);
    expect(tested.status, tested.text).toBe(409);
    const routed = await harness.chat(model);
    expect(routed.status).toBeGreaterThanOrEqual(400);
    // An admin cannot shortcut the confirmation through enable or disable.
    const enabled = await harness.admin('POST', `/admin/providers/bound/keys/${keyId}/enable`, undefined, keysToken);
    expect(enabled.status).toBe(409);
    expect(attacker.requests('bound')).toEqual([]);
    for (const text of [tested.text, routed.text, enabled.text, ...harness.logs]) {
      for (const spelling of secretSpellings(secret)) expect(text).not.toContain(spelling);
    }

    const confirmed = await harness.admin<ProviderKeyBody>(
      'POST',
      `/admin/providers/bound/keys/${keyId}/confirm`,
      { reason: 'moved to our proxy' },
      keysToken,
    );
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'active', statusReason: 'moved to our proxy' });
    const actions = await auditActions(harness, keyId);
    expect(actions.some((action) => action.endsWith(':provider_key.needs_confirmation'))).toBe(true);
    expect(actions.some((action) => action.endsWith(':provider_key.confirm'))).toBe(true);
    // Only the confirmation releases the key to the new origin.
    await harness.switchboard.live.settled();
    await eventually(async () => ((await harness.chat(model)).status === 200 ? true : undefined));
    expect(attacker.requests('bound').map((request) => request.headers.authorization)).toContain(`Bearer ${secret}`);
    // Confirming twice is refused: it is not in needs_confirmation any more.
    expect((await harness.admin('POST', `/admin/providers/bound/keys/${keyId}/confirm`, undefined, keysToken)).status).toBe(409);
  });

  it('leaves keys active when only the path changes', async () => {
    const { model } = await harness.addSimulatedProvider('pathonly');
    const keyId = await harness.addKey('pathonly', 'main', distinctiveSecret('path-only'));
    const current = await harness.admin<ProviderBody>('GET', '/admin/providers/pathonly');
    const patched = await harness.admin('PATCH', '/admin/providers/pathonly', { baseUrl: `${current.body.baseUrl}/` });
    expect(patched.status, patched.text).toBe(200);
    await harness.switchboard.live.settled();
    expect((await keyOf(harness, 'pathonly', keyId)).status).toBe('active');
    expect((await harness.chat(model)).status).toBe(200);
  });
});

describe('a config-file origin change counts as confirmed (contract 5)', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness | undefined;
  let other: Simulator;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ environmentKey: distinctiveSecret('file-owned') });
    other = await startSimulator();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await other?.close();
  });

  it('keeps the key active when a start moves the provider to a new origin from the file', async () => {
    const [key] = await keysOf(first, SIMULATED_PROVIDER);
    expect(key!.status).toBe('active');
    const configPath = join(first.directory, 'switchboard.json');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as { providers: { baseUrl: string }[] };
    const { baseUrl } = other.addProvider(SIMULATED_PROVIDER, 'openai');
    config.providers[0]!.baseUrl = baseUrl;
    await writeFile(configPath, JSON.stringify(config));

    second = await startSwitchboardHarness({ join: first });
    expect((await keyOf(second, SIMULATED_PROVIDER, key!.id)).status).toBe('active');
    const served = await second.chat(SIMULATED_MODEL);
    expect(served.status, served.text).toBe(200);
    expect(other.requests(SIMULATED_PROVIDER)).toHaveLength(1);
  });
});

describe('a corrupted vault row is skipped and marked, never an outage (issue 15 point 8)', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness | undefined;

  beforeAll(async () => {
    first = await startSwitchboardHarness();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('starts with three rows corrupted three ways, marks them undecryptable, alerts naming them, and serves with the good key', async () => {
    const goodSecret = distinctiveSecret('intact');
    const corruptSecrets = ['tampered', 'swapped', 'unknown-kek'].map((name) => distinctiveSecret(name));
    const { model } = await first.addSimulatedProvider('vaulted');
    const corruptIds: string[] = [];
    for (const [index, secret] of corruptSecrets.entries()) corruptIds.push(await first.addKey('vaulted', `a-${index}`, secret));
    const goodId = await first.addKey('vaulted', 'z-good', goodSecret);

    const database = await createDatabase({ url: first.databaseUrl });
    try {
      const [tampered, swapped, unknownKek] = corruptIds as [string, string, string];
      const [row] = await database.db.select().from(providerKeys).where(eq(providerKeys.id, tampered));
      // Bad ciphertext: one character changed. Wrong AAD: another row's sealed columns. Unknown KEK.
      const flipped = `${row!.ciphertext.startsWith('A') ? 'B' : 'A'}${row!.ciphertext.slice(1)}`;
      await database.db.update(providerKeys).set({ ciphertext: flipped }).where(eq(providerKeys.id, tampered));
      const [good] = await database.db.select().from(providerKeys).where(eq(providerKeys.id, goodId));
      await database.db
        .update(providerKeys)
        .set({ ciphertext: good!.ciphertext, nonce: good!.nonce, authTag: good!.authTag, wrappedDek: good!.wrappedDek })
        .where(eq(providerKeys.id, swapped));
      await database.db.update(providerKeys).set({ kekId: 'retired' }).where(eq(providerKeys.id, unknownKek));
    } finally {
      await database.close();
    }

    // Today's main refused to start here; now the start succeeds.
    second = await startSwitchboardHarness({ join: first });
    const keys = await keysOf(second, 'vaulted');
    for (const id of corruptIds) {
      const key = keys.find((entry) => entry.id === id)!;
      expect(key.status, id).toBe('undecryptable');
      expect(key.statusReason).toMatch(/decryption_failed|kek_not_loaded/);
    }
    expect(keys.find((entry) => entry.id === goodId)!.status).toBe('active');

    for (let index = 0; index < 3; index++) expect((await second.chat(model)).status).toBe(200);
    expect(new Set(first.authorizationsSent('vaulted').slice(-3))).toEqual(new Set([`Bearer ${goodSecret}`]));

    expect(await metricsOf(second)).toContain('switchboard_provider_keys{status="undecryptable"} 3');
    const alerts = second.logs.filter((line) => line.includes('provider_key_undecryptable'));
    for (const id of corruptIds) expect(alerts.some((line) => line.includes(id))).toBe(true);
    for (const text of [...second.logs, ...second.adminResponses]) {
      for (const secret of [goodSecret, ...corruptSecrets]) {
        for (const spelling of secretSpellings(secret)) expect(text).not.toContain(spelling);
      }
    }
    // Rotating a marked row to a fresh secret puts it back in service.
    const rotated = await second.admin<ProviderKeyBody>('POST', `/admin/providers/vaulted/keys/${corruptIds[0]}/rotate`, {
      secret: distinctiveSecret('replacement'),
    });
    expect(rotated.body.status).toBe('active');
  });
});

describe('every provider header value is a secret in the admin API (issue 15 point 9)', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
  });
  afterAll(() => harness?.close());

  it('shows the billing role every header value masked with its last four, whatever the name, and keeps values a PATCH sends back masked', async () => {
    const values = {
      'x-auth': 'auth-value-9f8e7d6c5b4a',
      'x-password': 'hunter2-but-longer-1357',
      'x-credential': 'cred-0a1b2c3d4e5f-2468',
      'x-region': 'eu-west-1',
    };
    const { baseUrl } = harness.simulator.addProvider('headed', 'openai');
    const created = await harness.admin('POST', '/admin/providers', {
      id: 'headed',
      adapter: 'openai-compatible',
      baseUrl,
      headers: values,
      models: [{ id: 'headed-model' }],
    });
    expect(created.status, created.text).toBe(201);
    const billing = await tokenWithRole(harness, 'billing');
    const one = await harness.admin<ProviderBody>('GET', '/admin/providers/headed', undefined, billing);
    const all = await harness.admin<ListBody<ProviderBody>>('GET', '/admin/providers', undefined, billing);
    expect(one.status).toBe(200);
    expect(one.body.headers).toEqual({
      'x-auth': '****5b4a',
      'x-password': '****1357',
      'x-credential': '****2468',
      // Too short for four characters to be a small share: nothing shown.
      'x-region': '****',
    });
    for (const text of [one.text, all.text, created.text]) {
      for (const value of Object.values(values)) expect(text).not.toContain(value);
    }

    // The dashboard sends the headers back as it read them, with one changed: the others keep their values.
    const patched = await harness.admin('PATCH', '/admin/providers/headed', {
      headers: { ...one.body.headers, 'x-region': 'us-east-1' },
    });
    expect(patched.status, patched.text).toBe(200);
    await harness.switchboard.live.settled();
    await harness.addKey('headed', 'main', distinctiveSecret('headed'));
    expect((await harness.chat('headed-model')).status).toBe(200);
    const sent = harness.simulator.requests('headed').at(-1)!.headers;
    expect(sent).toMatchObject({ ...values, 'x-region': 'us-east-1' });
  });
});

describe('provider out of credit across two instances (issue 14 point 10)', () => {
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

  it('moves the key to out_of_credit in Postgres on a 402, falls back, is skipped by the other instance, and comes back when a probe passes', async () => {
    for (const id of ['broke', 'spare']) {
      const { baseUrl } = first.simulator.addProvider(
        id,
        'openai',
        id === 'broke' ? { errorStatus: 402, errorMessage: 'Insufficient Balance' } : {},
      );
      const created = await first.admin('POST', '/admin/providers', {
        id,
        adapter: 'openai-compatible',
        baseUrl,
        models: [{ id: 'credit-model' }],
      });
      expect(created.status, created.text).toBe(201);
    }
    const brokeKey = await first.addKey('broke', 'main', distinctiveSecret('broke'));
    await first.addKey('spare', 'main', distinctiveSecret('spare'));
    await eventually(async () => (keySourceOf(second).statusOf(brokeKey) === 'active' ? true : undefined));

    const brokeFirst = { model: 'credit-model', provider: { order: ['broke', 'spare'] } };
    const fellBack = await chatWith(first, brokeFirst);
    expect(fellBack.status, fellBack.text).toBe(200);
    expect(first.simulator.requests('broke')).toHaveLength(1);
    const moved = await eventually(async () => {
      const key = await keyOf(first, 'broke', brokeKey);
      return key.status === 'out_of_credit' ? key : undefined;
    });
    expect(moved.statusReason).toContain('402');
    expect(await auditActions(first, brokeKey)).toContain('gateway:provider_key.out_of_credit');

    // The other instance heard it through the bus: it never sends the key to broke again.
    await eventually(async () => (keySourceOf(second).statusOf(brokeKey) === 'out_of_credit' ? true : undefined));
    for (let index = 0; index < 3; index++) expect((await chatWith(second, brokeFirst)).status).toBe(200);
    expect(first.simulator.requests('broke')).toHaveLength(1);
    expect(await metricsOf(second)).toContain('switchboard_provider_keys{status="out_of_credit"} 1');

    // No candidate left: the error table's 402, which retrying cannot fix.
    const pinned = await chatWith(second, { model: 'credit-model', provider: { order: ['broke'], allow_fallbacks: false } });
    expect(pinned.status, pinned.text).toBe(402);
    expect(pinned.headers.get('x-should-retry')).toBe('false');
    expect(JSON.parse(pinned.text).error).toMatchObject({ code: 'provider_out_of_credit', type: 'insufficient_quota' });

    // A probe that is still refused for credit keeps it out; once the account is funded, one passes.
    const later = new Date(Date.now() + 10 * 60_000);
    await keySourceOf(second).probeDueKeys(later);
    expect((await keyOf(first, 'broke', brokeKey)).status).toBe('out_of_credit');
    first.simulator.setBehaviour('broke', { errorStatus: null });
    await keySourceOf(second).probeDueKeys(new Date(later.getTime() + 10 * 60_000));
    const probes = first.simulator.requests('broke').slice(1);
    expect(probes.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /p/broke/v1/chat/completions',
      'POST /p/broke/v1/chat/completions',
    ]);
    expect(probes[0]!.body).toMatchObject({ max_tokens: 1 });
    expect((await keyOf(first, 'broke', brokeKey)).status).toBe('active');
    await eventually(async () => (keySourceOf(first).statusOf(brokeKey) === 'active' ? true : undefined));
    const served = await chatWith(first, { model: 'credit-model', provider: { order: ['broke'], allow_fallbacks: false } });
    expect(served.status, served.text).toBe(200);
  });

  it('never lets the other instance send a held key to the new origin, even while its reloads race', async () => {
    const attacker = await startSimulator();
    try {
      const secret = distinctiveSecret('roaming');
      const { model } = await first.addSimulatedProvider('roaming');
      const keyId = await first.addKey('roaming', 'main', secret);
      await eventually(async () => ((await second.chat(model)).status === 200 ? true : undefined));
      const { baseUrl: attackerBaseUrl } = attacker.addProvider('roaming', 'openai');

      // Keep the second instance busy while the change crosses Redis and its two reloads land.
      let patched = false;
      const traffic = (async () => {
        const statuses: number[] = [];
        while (!patched || second.switchboard.gateway.context.catalog.provider('roaming')?.baseUrl !== attackerBaseUrl) {
          statuses.push((await second.chat(model)).status);
        }
        for (let index = 0; index < 5; index++) statuses.push((await second.chat(model)).status);
        return statuses;
      })();
      const keysToken = await tokenWithRole(first, 'keys');
      const response = await first.admin('PATCH', '/admin/providers/roaming', { baseUrl: attackerBaseUrl }, keysToken);
      expect(response.status, response.text).toBe(200);
      patched = true;
      const statuses = await traffic;
      expect(statuses.at(-1)).not.toBe(200);
      await eventually(async () => (keySourceOf(second).statusOf(keyId) === undefined ? true : undefined));
      expect((await keyOf(second, 'roaming', keyId)).status).toBe('needs_confirmation');
      expect(attacker.requests('roaming')).toEqual([]);
    } finally {
      await attacker.close();
    }
  });
});
