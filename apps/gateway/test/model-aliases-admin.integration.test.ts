import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminErrorBody, AdminTokenBody, AuditEntryBody, ListBody } from './admin-api-bodies';
import { type AdminResponse, SIMULATED_MODEL, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface ModelAliasBody {
  name: string;
  pattern: boolean;
  targets: string[];
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

function expectAdminError(response: AdminResponse<unknown>, status: number, code: string): string {
  expect(response.status, response.text).toBe(status);
  const { error } = response.body as AdminErrorBody;
  expect(error.code).toBe(code);
  expect(error.requestId).toBe(response.headers.get('x-request-id'));
  return error.message;
}

describe('admin API: model aliases', () => {
  let harness: SwitchboardHarness;

  async function auditFor(name: string): Promise<AuditEntryBody[]> {
    const response = await harness.admin<ListBody<AuditEntryBody>>('GET', '/admin/audit?limit=500');
    expect(response.status).toBe(200);
    return response.body.data.filter((entry) => entry.targetType === 'model_alias' && entry.targetId === name);
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness({
      providers: [{ id: 'deepseek', models: ['deepseek-v4-pro', 'deepseek-v4-flash'] }],
      aliases: { 'claude-*': ['deepseek-v4-flash'] },
    });
  });
  afterAll(() => harness?.close());

  it('creates, reads, lists, updates and deletes an alias, each change audited', async () => {
    const created = await harness.admin<ModelAliasBody>('POST', '/admin/model-aliases', {
      name: 'claude-sonnet-*',
      targets: ['deepseek/deepseek-v4-pro', 'deepseek-v4-flash'],
      description: 'Claude Code on DeepSeek',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'claude-sonnet-*',
      pattern: true,
      targets: ['deepseek/deepseek-v4-pro', 'deepseek-v4-flash'],
      description: 'Claude Code on DeepSeek',
    });

    const path = `/admin/model-aliases/${encodeURIComponent('claude-sonnet-*')}`;
    expect((await harness.admin<ModelAliasBody>('GET', path)).body).toEqual(created.body);
    const listed = await harness.admin<ListBody<ModelAliasBody>>('GET', '/admin/model-aliases');
    expect(listed.body.data.map((alias) => alias.name)).toEqual(['claude-sonnet-*']);

    const updated = await harness.admin<ModelAliasBody>('PATCH', path, { targets: ['deepseek-v4-pro'] });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ targets: ['deepseek-v4-pro'], description: 'Claude Code on DeepSeek' });

    expectAdminError(
      await harness.admin('POST', '/admin/model-aliases', { name: 'claude-sonnet-*', targets: ['deepseek-v4-pro'] }),
      409,
      'conflict',
    );

    expect((await harness.admin('DELETE', path)).status).toBe(204);
    expectAdminError(await harness.admin('GET', path), 404, 'not_found');
    expectAdminError(await harness.admin('DELETE', path), 404, 'not_found');

    const audit = await auditFor('claude-sonnet-*');
    expect(audit.map((entry) => entry.action).sort()).toEqual(['model_alias.create', 'model_alias.delete', 'model_alias.update']);
    const creation = audit.find((entry) => entry.action === 'model_alias.create')!;
    expect(creation.details).toEqual({ targets: ['deepseek/deepseek-v4-pro', 'deepseek-v4-flash'] });
    expect(creation.requestId).toBe(created.headers.get('x-request-id'));
  });

  it.each([
    [{ name: '', targets: ['deepseek-v4-pro'] }, 'name: an alias name must not be empty'],
    [{ name: '*', targets: ['deepseek-v4-pro'] }, `name: the alias name "*" is only '*'`],
    [{ name: 'a b', targets: ['deepseek-v4-pro'] }, 'name: the alias name "a b" must not contain spaces'],
    [{ name: 'gpt-*', targets: [] }, 'targets: '],
    [{ name: 'gpt-*' }, 'targets: '],
    [{ name: 'gpt-*', targets: ['deepseek-v9'] }, "targets.0: 'deepseek-v9' is no model in the catalog"],
    [{ name: 'gpt-*', targets: ['deepseek-v4-pro', 'nobody/x'] }, "targets.1: 'nobody/x' is no model in the catalog"],
    [{ name: 'gpt-*', targets: ['claude-*'] }, "targets.0: 'claude-*' is no model in the catalog"],
    [{ name: 'gpt-*', targets: ['deepseek-v4-pro'], prefix: 'x' }, 'prefix'],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    const response = await harness.admin('POST', '/admin/model-aliases', body);
    expect(expectAdminError(response, 400, 'invalid_field')).toContain(message);
    expect((await harness.admin<ListBody<ModelAliasBody>>('GET', '/admin/model-aliases')).body.data).toEqual([]);
  });

  it('refuses to change an alias the config file sets, naming the file', async () => {
    const message = expectAdminError(
      await harness.admin('POST', '/admin/model-aliases', { name: 'claude-*', targets: ['deepseek-v4-pro'] }),
      409,
      'owned_by_config_file',
    );
    expect(message).toContain(`'${harness.directory}/switchboard.json'`);
    const path = `/admin/model-aliases/${encodeURIComponent('claude-*')}`;
    expectAdminError(await harness.admin('PATCH', path, { targets: ['deepseek-v4-pro'] }), 409, 'owned_by_config_file');
    expectAdminError(await harness.admin('DELETE', path), 409, 'owned_by_config_file');
    expect(await auditFor('claude-*')).toEqual([]);
  });

  it('needs providers:write to change aliases and providers:read to list them', async () => {
    const billing = await harness.admin<AdminTokenBody & { token: string }>('POST', '/admin/tokens', {
      name: 'alias-billing',
      role: 'billing',
    });
    expect(billing.status).toBe(201);
    expect((await harness.admin('GET', '/admin/model-aliases', undefined, billing.body.token)).status).toBe(200);
    const refused = await harness.admin(
      'POST',
      '/admin/model-aliases',
      { name: 'gpt-*', targets: ['deepseek-v4-pro'] },
      billing.body.token,
    );
    expect(refused.status).toBe(403);
  });

  it("stores a key's aliases, and refuses a key alias to an unknown model naming the field", async () => {
    const created = await harness.admin<{ id: string; modelAliases: Record<string, string[]> | null }>(
      'POST',
      '/admin/api-keys',
      {
        name: 'aliased',
        modelAliases: { 'claude-*': ['deepseek-v4-pro'], fast: ['deepseek/deepseek-v4-flash'] },
      },
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body.modelAliases).toEqual({ 'claude-*': ['deepseek-v4-pro'], fast: ['deepseek/deepseek-v4-flash'] });
    const read = await harness.admin<{ modelAliases: unknown }>('GET', `/admin/api-keys/${created.body.id}`);
    expect(read.body.modelAliases).toEqual(created.body.modelAliases);

    const unknown = await harness.admin('PATCH', `/admin/api-keys/${created.body.id}`, {
      modelAliases: { 'claude-*': ['deepseek-v4-pro', SIMULATED_MODEL, 'gpt-9'] },
    });
    expect(expectAdminError(unknown, 400, 'invalid_field')).toContain(
      "modelAliases.claude-*.2: 'gpt-9' is no model in the catalog",
    );
    const star = await harness.admin('POST', '/admin/api-keys', { name: 'star', modelAliases: { '*': ['deepseek-v4-pro'] } });
    expect(expectAdminError(star, 400, 'invalid')).toContain(`modelAliases: the alias name "*" is only '*'`);
    // Nothing was changed by the refused edit.
    expect(
      (await harness.admin<{ modelAliases: unknown }>('GET', `/admin/api-keys/${created.body.id}`)).body.modelAliases,
    ).toEqual(created.body.modelAliases);
  });
});
