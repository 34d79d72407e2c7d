import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCatalog, type Catalog, CatalogConfigError } from '@switchboard/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadCatalogWithSources } from './load-catalog';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'switchboard-load-catalog-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeConfig(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function loadError(configPath: string | undefined, env: NodeJS.ProcessEnv = {}): CatalogConfigError {
  try {
    loadCatalog(configPath, env);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogConfigError);
    return error as CatalogConfigError;
  }
  throw new Error('loadCatalog did not throw');
}

function providerOf(catalog: Catalog, id: string) {
  return catalog.providers.find((provider) => provider.id === id);
}

const jsonConfig = `{
  "providers": [
    {
      "id": "acme",
      "adapter": "openai-compatible",
      "baseUrl": "https://llm.acme.example/v1",
      "apiKeyEnv": "ACME_API_KEY",
      "models": [
        { "id": "acme-chat", "upstream": "acme-chat-2026", "price": { "input": 0.5, "output": 1.5 }, "contextWindow": 32000 }
      ]
    },
    { "id": "groq", "enabled": false }
  ],
  "aliases": { "house": ["acme/acme-chat", "deepseek/deepseek-v4-flash"] }
}
`;

const yamlConfig = `# The same config as the JSON one.
providers:
  - id: acme
    adapter: openai-compatible
    baseUrl: https://llm.acme.example/v1
    apiKeyEnv: ACME_API_KEY
    models:
      - id: acme-chat
        upstream: acme-chat-2026
        price: { input: 0.5, output: 1.5 }
        contextWindow: 32000
  - id: groq
    enabled: false
aliases:
  house:
    - acme/acme-chat
    - deepseek/deepseek-v4-flash
`;

const acme = {
  id: 'acme',
  adapter: 'openai-compatible',
  baseUrl: 'https://llm.acme.example/v1',
  apiKeyEnv: 'ACME_API_KEY',
  enabled: true,
  models: [
    { id: 'acme-chat', upstream: 'acme-chat-2026', kind: 'chat', price: { input: 0.5, output: 1.5 }, contextWindow: 32_000 },
  ],
};

describe('loadCatalog', () => {
  it('returns a copy of the built-in catalog without a config path', () => {
    const catalog = loadCatalog(undefined, {});
    expect(catalog).toEqual(builtInCatalog);
    expect(catalog).not.toBe(builtInCatalog);
    expect(catalog.providers[0]).not.toBe(builtInCatalog.providers[0]);
  });

  it('applies a JSON config on top of the built-in catalog', () => {
    const catalog = loadCatalog(writeConfig('config.json', jsonConfig), {});
    expect(catalog.providers.map((provider) => provider.id)).toEqual([
      ...builtInCatalog.providers.map((provider) => provider.id),
      'acme',
    ]);
    expect(providerOf(catalog, 'acme')).toEqual(acme);
    expect(providerOf(catalog, 'groq')?.enabled).toBe(false);
    expect(catalog.aliases).toEqual({
      ...builtInCatalog.aliases,
      house: ['acme/acme-chat', 'deepseek/deepseek-v4-flash'],
    });
  });

  it('reads an equivalent YAML config (.yaml and .yml) to the same catalog', () => {
    const fromJson = loadCatalog(writeConfig('same.json', jsonConfig), {});
    const fromYaml = loadCatalog(writeConfig('config.yaml', yamlConfig), {});
    const fromYml = loadCatalog(writeConfig('config.YML', yamlConfig), {});
    expect(providerOf(fromYaml, 'acme')).toEqual(acme);
    expect(fromYaml.aliases.house).toEqual(['acme/acme-chat', 'deepseek/deepseek-v4-flash']);
    expect(fromYaml).toEqual(fromJson);
    expect(fromYml).toEqual(fromJson);
  });

  it('does not change the built-in catalog', () => {
    const before = structuredClone(builtInCatalog);
    loadCatalog(writeConfig('mutate.json', jsonConfig), { AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com' });
    expect(builtInCatalog).toEqual(before);
  });

  it('takes the Azure endpoint from AZURE_OPENAI_ENDPOINT', () => {
    const catalog = loadCatalog(undefined, { AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com' });
    expect(providerOf(catalog, 'azure')).toEqual({
      ...providerOf(builtInCatalog, 'azure'),
      baseUrl: 'https://contoso.openai.azure.com',
    });
    expect(providerOf(catalog, 'openai')).toEqual(providerOf(builtInCatalog, 'openai'));
  });

  it('applies AZURE_OPENAI_ENDPOINT together with a config file', () => {
    const catalog = loadCatalog(writeConfig('with-azure.json', jsonConfig), {
      AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com',
    });
    expect(providerOf(catalog, 'azure')?.baseUrl).toBe('https://contoso.openai.azure.com');
    expect(providerOf(catalog, 'acme')).toEqual(acme);
  });

  it('names the file when it cannot be read', () => {
    const path = join(directory, 'missing.json');
    const error = loadError(path);
    expect(error.message).toMatch(new RegExp(`^cannot read SWITCHBOARD_CONFIG '${escapeRegExp(path)}': ENOENT`));
  });

  it('names the file when the JSON is invalid', () => {
    const path = writeConfig('broken.json', '{ "providers": [ }');
    const error = loadError(path);
    expect(error.message.startsWith(`'${path}' is not valid JSON: `)).toBe(true);
  });

  it('names the file when the YAML is invalid', () => {
    const path = writeConfig('broken.yaml', 'providers:\n  - id: acme\n    models: [unclosed\n');
    const error = loadError(path);
    expect(error.message.startsWith(`'${path}' is not valid YAML: `)).toBe(true);
  });

  it('names the file and the field path on a schema violation', () => {
    const path = writeConfig(
      'invalid.json',
      JSON.stringify({
        providers: [
          { id: 'openai', models: [{ id: 'gpt-4o', price: { input: -1, output: 10 } }] },
          { id: 'acme', baseURL: 'https://acme.example' },
        ],
      }),
    );
    expect(loadError(path).message).toBe(
      `'${path}' is not a valid Switchboard config:\n` +
        '  providers.0.models.0.price.input: Too small: expected number to be >=0\n' +
        '  providers.1: Unrecognized key: "baseURL"',
    );
  });

  it('reports a config that is not an object at the root', () => {
    const path = writeConfig('list.yaml', '- acme\n- groq\n');
    expect(loadError(path).message).toMatch(
      new RegExp(`^'${escapeRegExp(path)}' is not a valid Switchboard config:\\n  \\(root\\): `),
    );
  });

  it('names the file when the config does not merge', () => {
    const path = writeConfig('bad-alias.json', JSON.stringify({ aliases: { house: ['acme/acme-chat'] } }));
    expect(loadError(path).message).toBe(
      `'${path}': alias 'house' names 'acme/acme-chat', which is no provider/model in the catalog`,
    );
  });

  it('reads alias patterns from a YAML file, and knows which names the file owns', () => {
    const path = writeConfig(
      'patterns.yaml',
      ['aliases:', "  'claude-sonnet-*': [deepseek-v4-pro]", "  'claude-*': [deepseek/deepseek-v4-flash, chat-default]"].join(
        '\n',
      ),
    );
    const loaded = loadCatalogWithSources(path, {});
    expect(loaded.catalog.aliases).toMatchObject({
      'claude-sonnet-*': ['deepseek-v4-pro'],
      'claude-*': ['deepseek/deepseek-v4-flash', 'chat-default'],
    });
    expect(loaded.configuredAliasNames).toEqual(new Set(['claude-sonnet-*', 'claude-*']));
    // Built-in aliases are not the file's.
    expect(Object.keys(loaded.catalog.aliases)).toContain('chat-default');
  });

  it.each([
    [
      'only a star',
      { '*': ['deepseek-v4-pro'] },
      `aliases: the alias name "*" is only '*'; a pattern needs at least one literal character, such as 'claude-*'`,
    ],
    ['an empty name', { '': ['deepseek-v4-pro'] }, 'aliases: an alias name must not be empty'],
    [
      'an unknown target',
      { 'claude-*': ['deepseek-v9'] },
      "alias 'claude-*' names 'deepseek-v9', which is no provider/model in the catalog",
    ],
  ])('stops the start naming the file for an alias with %s', (_label, aliases, message) => {
    const path = writeConfig('bad-pattern.json', JSON.stringify({ aliases }));
    expect(loadError(path).message).toBe(`'${path}': ${message}`);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
