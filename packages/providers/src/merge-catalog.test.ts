import { describe, expect, it } from 'vitest';
import { builtInCatalog } from './built-in-catalog';
import { type CatalogConfig, catalogConfigSchema } from './catalog-config-schema';
import type { Catalog, CatalogProvider } from './catalog-types';
import { CatalogConfigError, mergeCatalog } from './merge-catalog';

// The example from the docs, exactly as a user writes it.
const exampleConfig = {
  providers: [
    {
      id: 'deepseek',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.deepseek.com',
      apiKeyEnv: 'DEEPSEEK_API_KEY',
      models: [
        {
          id: 'deepseek-v4-flash',
          upstream: 'deepseek-v4-flash',
          price: { input: 0.14, cachedInput: 0.028, output: 0.28 },
          contextWindow: 1000000,
        },
      ],
    },
  ],
  aliases: { 'chat-default': ['deepseek/deepseek-v4-flash', 'openrouter/deepseek-v4-flash'] },
};

function parse(raw: unknown): CatalogConfig {
  return catalogConfigSchema.parse(raw);
}

function providerOf(catalog: Catalog, id: string): CatalogProvider {
  const found = catalog.providers.find((provider) => provider.id === id);
  if (!found) throw new Error(`no provider '${id}' in the catalog`);
  return found;
}

function modelOf(catalog: Catalog, providerId: string, modelId: string) {
  const found = providerOf(catalog, providerId).models.find((model) => model.id === modelId);
  if (!found) throw new Error(`no model '${providerId}/${modelId}' in the catalog`);
  return found;
}

function mergeError(base: Catalog, config: CatalogConfig): CatalogConfigError {
  try {
    mergeCatalog(base, config);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogConfigError);
    return error as CatalogConfigError;
  }
  throw new Error('mergeCatalog did not throw');
}

const builtInIds = builtInCatalog.providers.map((provider) => provider.id);

describe('catalogConfigSchema', () => {
  it('accepts the documented example unchanged', () => {
    const result = catalogConfigSchema.safeParse(exampleConfig);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(exampleConfig);
  });

  it('rejects an unknown field such as baseURL, naming the object and the key', () => {
    const result = catalogConfigSchema.safeParse({
      providers: [{ id: 'acme', adapter: 'openai-compatible', baseURL: 'https://acme.example' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['baseURL'], path: ['providers', 0] });
  });

  it('rejects an unknown top-level field and an unknown model field', () => {
    const top = catalogConfigSchema.safeParse({ provider: [] });
    expect(top.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['provider'], path: [] });
    const model = catalogConfigSchema.safeParse({ providers: [{ id: 'openai', models: [{ id: 'gpt-4o', context: 1 }] }] });
    expect(model.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['context'],
      path: ['providers', 0, 'models', 0],
    });
  });

  it('takes a Bedrock region and a Vertex project and location, and refuses malformed ones', () => {
    const good = catalogConfigSchema.safeParse({
      providers: [
        { id: 'aws', adapter: 'bedrock', baseUrl: 'https://bedrock-runtime.eu-central-1.amazonaws.com', region: 'eu-central-1' },
        {
          id: 'gcp',
          adapter: 'vertex',
          baseUrl: 'https://europe-west4-aiplatform.googleapis.com',
          project: 'acme-ml-prod',
          location: 'europe-west4',
        },
      ],
    });
    expect(good.success).toBe(true);
    for (const [field, value] of [
      ['region', 'Frankfurt'],
      ['project', 'Acme Project'],
      ['location', 'europe west'],
    ] as const) {
      const bad = catalogConfigSchema.safeParse({ providers: [{ id: 'x', [field]: value }] });
      expect(bad.error?.issues[0]?.path).toEqual(['providers', 0, field]);
    }
  });

  it('rejects a negative price with the path of the field', () => {
    const result = catalogConfigSchema.safeParse({
      providers: [{ id: 'openai', models: [{ id: 'gpt-4o', price: { input: 1, cachedInput: -0.5, output: 2 } }] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['providers', 0, 'models', 0, 'price', 'cachedInput']]);
  });

  it.each([
    ['an upper-case id', 'DeepSeek'],
    ['an id with a space', 'deep seek'],
    ['an id starting with a dash', '-deepseek'],
    ['an id with a slash', 'deep/seek'],
    ['an empty id', ''],
  ])('rejects %s', (_label, id) => {
    const result = catalogConfigSchema.safeParse({ providers: [{ id }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['providers', 0, 'id']]);
  });

  it.each([
    ['adapter', { adapter: 'openai' }, ['providers', 0, 'adapter']],
    ['baseUrl that is not a URL', { baseUrl: 'api.acme.example' }, ['providers', 0, 'baseUrl']],
    ['baseUrl with a non-HTTP scheme', { baseUrl: 'ftp://acme.example' }, ['providers', 0, 'baseUrl']],
    [
      'anthropicBaseUrl that is not a URL',
      { anthropicBaseUrl: 'api.acme.example/anthropic' },
      ['providers', 0, 'anthropicBaseUrl'],
    ],
    ['reasoningControl', { reasoningControl: 'thinking' }, ['providers', 0, 'reasoningControl']],
    ['responsesApi as a string', { responsesApi: 'true' }, ['providers', 0, 'responsesApi']],
    ['apiKeyEnv that is no variable name', { apiKeyEnv: 'ACME-KEY' }, ['providers', 0, 'apiKeyEnv']],
    ['enabled as a string', { enabled: 'false' }, ['providers', 0, 'enabled']],
    ['a zero context window', { models: [{ id: 'm', contextWindow: 0 }] }, ['providers', 0, 'models', 0, 'contextWindow']],
    [
      'a fractional context window',
      { models: [{ id: 'm', contextWindow: 1.5 }] },
      ['providers', 0, 'models', 0, 'contextWindow'],
    ],
    ['a model kind', { models: [{ id: 'm', kind: 'image' }] }, ['providers', 0, 'models', 0, 'kind']],
    ['a price without output', { models: [{ id: 'm', price: { input: 1 } }] }, ['providers', 0, 'models', 0, 'price', 'output']],
  ])('rejects a bad %s', (_label, fields, path) => {
    const result = catalogConfigSchema.safeParse({ providers: [{ id: 'acme', ...fields }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it('rejects an alias with no targets', () => {
    const result = catalogConfigSchema.safeParse({ aliases: { empty: [] } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['aliases', 'empty']]);
  });
});

describe('mergeCatalog', () => {
  it('merges the documented example into the built-in catalog', () => {
    const merged = mergeCatalog(builtInCatalog, parse(exampleConfig));

    expect(merged.providers.map((provider) => provider.id)).toEqual(builtInIds);
    expect(merged.aliases).toEqual({ 'chat-default': ['deepseek/deepseek-v4-flash', 'openrouter/deepseek-v4-flash'] });
    const deepseek = providerOf(merged, 'deepseek');
    expect(deepseek.models.map((model) => model.id)).toEqual(['deepseek-v4-flash', 'deepseek-v4-pro']);
    // The given fields replace, the others (maxOutputTokens, capabilities, kind) stay.
    expect(modelOf(merged, 'deepseek', 'deepseek-v4-flash')).toEqual({
      id: 'deepseek-v4-flash',
      upstream: 'deepseek-v4-flash',
      kind: 'chat',
      price: { input: 0.14, cachedInput: 0.028, output: 0.28 },
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      defaultOutputTokens: 32_768,
      capabilities: { tools: true, vision: false, jsonMode: true, legacyCompletions: '../beta/completions' },
    });
    expect(deepseek).toMatchObject({ name: 'DeepSeek', enabled: true, apiKeyEnv: 'DEEPSEEK_API_KEY' });
  });

  it('leaves the base catalog untouched', () => {
    const before = structuredClone(builtInCatalog);
    mergeCatalog(
      builtInCatalog,
      parse({
        providers: [
          { id: 'openai', baseUrl: 'https://proxy.example/v1', models: [{ id: 'gpt-4o', price: { input: 9, output: 9 } }] },
          { id: 'openrouter', headers: { 'X-Title': 'Mine' } },
          { id: 'groq', enabled: false },
        ],
        aliases: { 'chat-default': ['openai/gpt-4o'] },
      }),
    );
    expect(builtInCatalog).toEqual(before);
  });

  it('adds a new provider at the end, enabled, with upstream and kind defaulted', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        providers: [
          {
            id: 'acme',
            adapter: 'openai-compatible',
            baseUrl: 'https://llm.acme.example/v1',
            apiKeyEnv: 'ACME_KEY',
            models: [
              { id: 'acme-chat', price: { input: 1, output: 2 } },
              { id: 'acme-embed', upstream: 'embed-v2', kind: 'embedding' },
            ],
          },
        ],
      }),
    );
    expect(merged.providers.map((provider) => provider.id)).toEqual([...builtInIds, 'acme']);
    expect(providerOf(merged, 'acme')).toEqual({
      id: 'acme',
      adapter: 'openai-compatible',
      baseUrl: 'https://llm.acme.example/v1',
      apiKeyEnv: 'ACME_KEY',
      enabled: true,
      models: [
        { id: 'acme-chat', upstream: 'acme-chat', kind: 'chat', price: { input: 1, output: 2 } },
        { id: 'acme-embed', upstream: 'embed-v2', kind: 'embedding' },
      ],
    });
  });

  it('requires adapter and baseUrl for a new provider', () => {
    const message = "provider 'acme' is new, so it needs 'adapter' and 'baseUrl'";
    expect(mergeError(builtInCatalog, parse({ providers: [{ id: 'acme', baseUrl: 'https://acme.example' }] })).message).toBe(
      message,
    );
    expect(mergeError(builtInCatalog, parse({ providers: [{ id: 'acme', adapter: 'anthropic' }] })).message).toBe(message);
  });

  it('overrides only the given fields of a known provider and adds or overrides models by id', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        providers: [
          {
            id: 'openai',
            baseUrl: 'https://proxy.example/v1',
            models: [
              { id: 'gpt-4o', price: { input: 2, output: 8 } },
              { id: 'gpt-5-nano', upstream: 'gpt-5-nano-2025-08-07', price: { input: 0.05, output: 0.4 } },
            ],
          },
        ],
      }),
    );
    const openai = providerOf(merged, 'openai');
    const builtIn = providerOf(builtInCatalog, 'openai');
    expect(openai).toMatchObject({
      id: 'openai',
      name: 'OpenAI',
      adapter: 'openai-compatible',
      baseUrl: 'https://proxy.example/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      enabled: true,
    });
    expect(openai.models.map((model) => model.id)).toEqual([...builtIn.models.map((model) => model.id), 'gpt-5-nano']);
    // A price is replaced as a whole: the built-in cachedInput does not leak into the new price.
    expect(modelOf(merged, 'openai', 'gpt-4o')).toEqual({
      id: 'gpt-4o',
      upstream: 'gpt-4o',
      kind: 'chat',
      price: { input: 2, output: 8 },
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      defaultOutputTokens: 16_384,
      capabilities: { tools: true, vision: true, jsonMode: true },
    });
    expect(modelOf(merged, 'openai', 'gpt-5-nano')).toEqual({
      id: 'gpt-5-nano',
      upstream: 'gpt-5-nano-2025-08-07',
      kind: 'chat',
      price: { input: 0.05, output: 0.4 },
    });
    for (const model of builtIn.models.filter((entry) => entry.id !== 'gpt-4o')) {
      expect(modelOf(merged, 'openai', model.id)).toEqual(model);
    }
    // Untouched providers come through as they were.
    expect(providerOf(merged, 'anthropic')).toEqual(providerOf(builtInCatalog, 'anthropic'));
  });

  it('keeps the upstream name of an overridden model unless the config gives one', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({ providers: [{ id: 'together', models: [{ id: 'deepseek-v3', contextWindow: 64_000 }] }] }),
    );
    expect(modelOf(merged, 'together', 'deepseek-v3')).toMatchObject({
      upstream: 'deepseek-ai/DeepSeek-V3',
      contextWindow: 64_000,
      price: { input: 1.25, output: 1.25 },
    });
  });

  it('merges model capabilities key by key', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({ providers: [{ id: 'openai', models: [{ id: 'gpt-4o', capabilities: { reasoning: true, tools: false } }] }] }),
    );
    expect(modelOf(merged, 'openai', 'gpt-4o').capabilities).toEqual({
      tools: false,
      vision: true,
      jsonMode: true,
      reasoning: true,
    });
  });

  it('merges headers with the built-in ones, the config winning', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({ providers: [{ id: 'openrouter', headers: { 'X-Title': 'My App', 'X-Extra': '1' } }] }),
    );
    expect(providerOf(merged, 'openrouter').headers).toEqual({
      'HTTP-Referer': 'https://github.com/switchboard',
      'X-Title': 'My App',
      'X-Extra': '1',
    });
    expect(providerOf(merged, 'deepseek').headers).toBeUndefined();
  });

  it('keeps a provider with enabled:false, disabled and with its models', () => {
    const merged = mergeCatalog(builtInCatalog, parse({ providers: [{ id: 'groq', enabled: false }] }));
    expect(merged.providers.map((provider) => provider.id)).toEqual(builtInIds);
    expect(providerOf(merged, 'groq')).toEqual({ ...providerOf(builtInCatalog, 'groq'), enabled: false });
    expect(merged.providers.filter((provider) => !provider.enabled).map((provider) => provider.id)).toEqual(['groq']);
  });

  it('keeps the base enabled flag unless the config sets it', () => {
    const base = mergeCatalog(builtInCatalog, parse({ providers: [{ id: 'groq', enabled: false }] }));
    const merged = mergeCatalog(base, parse({ providers: [{ id: 'groq', apiKeyEnv: 'GROQ_KEY_2' }] }));
    expect(providerOf(merged, 'groq')).toMatchObject({ enabled: false, apiKeyEnv: 'GROQ_KEY_2' });
    expect(providerOf(mergeCatalog(base, parse({ providers: [{ id: 'groq', enabled: true }] })), 'groq').enabled).toBe(true);
  });

  it('starts from an empty catalog with builtInProviders:false', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        builtInProviders: false,
        providers: [
          {
            id: 'local',
            adapter: 'openai-compatible',
            baseUrl: 'http://127.0.0.1:8000/v1',
            keyOptional: true,
            models: [{ id: 'qwen3' }],
          },
        ],
        aliases: { default: ['local/qwen3'] },
      }),
    );
    expect(merged).toEqual({
      providers: [
        {
          id: 'local',
          adapter: 'openai-compatible',
          baseUrl: 'http://127.0.0.1:8000/v1',
          keyOptional: true,
          enabled: true,
          models: [{ id: 'qwen3', upstream: 'qwen3', kind: 'chat' }],
        },
      ],
      aliases: { default: ['local/qwen3'] },
    });
    expect(mergeCatalog(builtInCatalog, parse({ builtInProviders: false }))).toEqual({ providers: [], aliases: {} });
  });

  it('treats a built-in id as new under builtInProviders:false', () => {
    expect(
      mergeError(builtInCatalog, parse({ builtInProviders: false, providers: [{ id: 'deepseek', enabled: true }] })).message,
    ).toBe("provider 'deepseek' is new, so it needs 'adapter' and 'baseUrl'");
  });

  it('accepts aliases naming provider/model, a bare model id or another alias', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        aliases: {
          smart: ['anthropic/claude-sonnet-4-5', 'gpt-5'],
          cheap: ['chat-default', 'groq/llama-3.1-8b-instant'],
        },
      }),
    );
    expect(merged.aliases).toEqual({
      'chat-default': ['deepseek/deepseek-v4-flash', 'openrouter/deepseek-v4-flash'],
      smart: ['anthropic/claude-sonnet-4-5', 'gpt-5'],
      cheap: ['chat-default', 'groq/llama-3.1-8b-instant'],
    });
  });

  it('lets the config replace a built-in alias', () => {
    const merged = mergeCatalog(builtInCatalog, parse({ aliases: { 'chat-default': ['openai/gpt-4o-mini'] } }));
    expect(merged.aliases).toEqual({ 'chat-default': ['openai/gpt-4o-mini'] });
  });

  it.each([
    ['an unknown model of a known provider', 'deepseek/deepseek-v9'],
    ['an unknown provider', 'nobody/gpt-4o'],
    ['an unknown bare model', 'gpt-9'],
    ['a model of another provider', 'groq/gpt-4o'],
  ])('throws for an alias naming %s', (_label, reference) => {
    expect(mergeError(builtInCatalog, parse({ aliases: { mine: ['openai/gpt-4o', reference] } })).message).toBe(
      `alias 'mine' names '${reference}', which is no provider/model in the catalog`,
    );
  });

  it('accepts `*` patterns as alias names, kept beside the exact ones', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({ aliases: { 'claude-sonnet-*': ['deepseek-v4-pro'], 'claude-*': ['deepseek/deepseek-v4-flash', 'chat-default'] } }),
    );
    expect(merged.aliases).toMatchObject({
      'claude-sonnet-*': ['deepseek-v4-pro'],
      'claude-*': ['deepseek/deepseek-v4-flash', 'chat-default'],
    });
  });

  it.each([
    ['empty', '', 'aliases: an alias name must not be empty'],
    [
      'only a star',
      '*',
      `aliases: the alias name "*" is only '*'; a pattern needs at least one literal character, such as 'claude-*'`,
    ],
    [
      'only stars',
      '**',
      `aliases: the alias name "**" is only '*'; a pattern needs at least one literal character, such as 'claude-*'`,
    ],
    ['with a space', 'claude *', 'aliases: the alias name "claude *" must not contain spaces or control characters'],
  ])('throws for an alias name that is %s', (_label, name, message) => {
    expect(mergeError(builtInCatalog, parse({ aliases: { [name]: ['deepseek-v4-pro'] } })).message).toBe(message);
  });

  it('throws for an alias whose target is a pattern rather than a name', () => {
    expect(mergeError(builtInCatalog, parse({ aliases: { 'claude-*': ['deepseek-v4-pro'], mine: ['claude-*'] } })).message).toBe(
      "alias 'mine' names 'claude-*', which is no provider/model in the catalog",
    );
  });

  it('throws for an alias naming a built-in provider that builtInProviders:false removed', () => {
    expect(mergeError(builtInCatalog, parse({ builtInProviders: false, aliases: { mine: ['openai/gpt-4o'] } })).message).toBe(
      "alias 'mine' names 'openai/gpt-4o', which is no provider/model in the catalog",
    );
  });

  it('accepts an alias naming a model by its upstream name or a model id that contains a slash', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        providers: [{ id: 'openrouter', models: [{ id: 'deepseek/deepseek-r1', price: { input: 0.5, output: 2 } }] }],
        aliases: {
          pinned: ['openrouter/deepseek/deepseek-v4-flash'],
          slashed: ['deepseek/deepseek-r1'],
        },
      }),
    );
    expect(merged.aliases.pinned).toEqual(['openrouter/deepseek/deepseek-v4-flash']);
    expect(merged.aliases.slashed).toEqual(['deepseek/deepseek-r1']);
  });

  it('drops base alias targets that no provider serves any more, and aliases left with none', () => {
    const base: Catalog = {
      providers: [
        {
          id: 'alpha',
          adapter: 'openai-compatible',
          baseUrl: 'https://alpha.example',
          enabled: true,
          models: [{ id: 'm', upstream: 'm', kind: 'chat' }],
        },
      ],
      aliases: { both: ['gone/m', 'alpha/m'], dead: ['gone/m'], 'via-dead': ['dead'] },
    };
    const merged = mergeCatalog(base, parse({}));
    expect(merged.aliases).toEqual({ both: ['alpha/m'] });
    expect(base.aliases).toEqual({ both: ['gone/m', 'alpha/m'], dead: ['gone/m'], 'via-dead': ['dead'] });
  });

  it('drops the built-in aliases with builtInProviders:false', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        builtInProviders: false,
        providers: [{ id: 'local', adapter: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', models: [{ id: 'm' }] }],
      }),
    );
    expect(merged.aliases).toEqual({});
  });

  it('throws when a provider id appears twice', () => {
    const acme = { id: 'acme', adapter: 'openai-compatible', baseUrl: 'https://acme.example' };
    expect(mergeError(builtInCatalog, parse({ providers: [acme, { ...acme, name: 'Acme' }] })).message).toBe(
      "provider 'acme' appears twice",
    );
    expect(
      mergeError(
        builtInCatalog,
        parse({
          providers: [
            { id: 'openai', enabled: false },
            { id: 'openai', enabled: true },
          ],
        }),
      ).message,
    ).toBe("provider 'openai' appears twice");
  });
});

describe('builtInCatalog', () => {
  it('covers the expected providers, in order, each with the adapter it needs', () => {
    expect(Object.fromEntries(builtInCatalog.providers.map((provider) => [provider.id, provider.adapter]))).toEqual({
      deepseek: 'openai-compatible',
      openai: 'openai-compatible',
      anthropic: 'anthropic',
      gemini: 'gemini',
      mistral: 'openai-compatible',
      groq: 'openai-compatible',
      together: 'openai-compatible',
      fireworks: 'openai-compatible',
      xai: 'openai-compatible',
      openrouter: 'openai-compatible',
      azure: 'azure-openai',
      bedrock: 'bedrock',
      vertex: 'vertex',
      cerebras: 'openai-compatible',
      deepinfra: 'openai-compatible',
      perplexity: 'openai-compatible',
      moonshot: 'openai-compatible',
      zai: 'openai-compatible',
      dashscope: 'openai-compatible',
      siliconflow: 'openai-compatible',
      nebius: 'openai-compatible',
      cohere: 'openai-compatible',
      ollama: 'openai-compatible',
      vllm: 'openai-compatible',
      lmstudio: 'openai-compatible',
      llamacpp: 'openai-compatible',
    });
    expect(builtInIds).toEqual([
      'deepseek',
      'openai',
      'anthropic',
      'gemini',
      'mistral',
      'groq',
      'together',
      'fireworks',
      'xai',
      'openrouter',
      'azure',
      'bedrock',
      'vertex',
      'cerebras',
      'deepinfra',
      'perplexity',
      'moonshot',
      'zai',
      'dashscope',
      'siliconflow',
      'nebius',
      'cohere',
      'ollama',
      'vllm',
      'lmstudio',
      'llamacpp',
    ]);
  });

  it('lists the DeepSeek V4 models, and the legacy names as retirements of V4 Flash modes', () => {
    const deepseek = providerOf(builtInCatalog, 'deepseek');
    expect(deepseek).toMatchObject({ baseUrl: 'https://api.deepseek.com', apiKeyEnv: 'DEEPSEEK_API_KEY', enabled: true });
    expect(deepseek.models.map((model) => model.id)).toEqual(['deepseek-v4-flash', 'deepseek-v4-pro']);
    const flash = { input: 0.14, cachedInput: 0.028, output: 0.28 };
    expect(modelOf(builtInCatalog, 'deepseek', 'deepseek-v4-flash').price).toEqual(flash);
    expect(builtInCatalog.retirements).toEqual([
      {
        model: 'deepseek-chat',
        provider: 'deepseek',
        retiredAt: '2026-07-24T15:59:00Z',
        replacement: 'deepseek-v4-flash',
        thinking: 'disabled',
      },
      {
        model: 'deepseek-reasoner',
        provider: 'deepseek',
        retiredAt: '2026-07-24T15:59:00Z',
        replacement: 'deepseek-v4-flash',
        thinking: 'enabled',
      },
    ]);
  });

  it('adds a config file’s retirements, the file’s entry replacing a built-in one of the same name', () => {
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        retirements: [
          { model: 'deepseek-chat', provider: 'deepseek', retiredAt: '2026-08-01T00:00:00Z', replacement: 'deepseek-v4-pro' },
          { model: 'gpt-4o', provider: 'openai', retiredAt: '2027-01-01T00:00:00Z', replacement: 'gpt-5' },
        ],
      }),
    );
    expect(merged.retirements?.map((retirement) => [retirement.model, retirement.replacement])).toEqual([
      ['deepseek-chat', 'deepseek-v4-pro'],
      ['deepseek-reasoner', 'deepseek-v4-flash'],
      ['gpt-4o', 'gpt-5'],
    ]);
    expect(() =>
      mergeCatalog(
        builtInCatalog,
        parse({ retirements: [{ model: 'old', provider: 'deepseek', retiredAt: '2027-01-01T00:00:00Z', replacement: 'nope' }] }),
      ),
    ).toThrow(/retirement of 'old' names 'deepseek\/nope'/);
    expect(() =>
      parse({ retirements: [{ model: 'old', provider: 'deepseek', retiredAt: 'next week', replacement: 'deepseek-v4-pro' }] }),
    ).toThrow();
  });

  it('has unique provider ids and unique model ids within each provider', () => {
    expect(new Set(builtInIds).size).toBe(builtInIds.length);
    for (const provider of builtInCatalog.providers) {
      const ids = provider.models.map((model) => model.id);
      expect(new Set(ids).size, provider.id).toBe(ids.length);
    }
  });

  it('has non-negative finite prices wherever a model has a price', () => {
    let priced = 0;
    for (const provider of builtInCatalog.providers) {
      for (const model of provider.models) {
        if (!model.price) continue;
        priced++;
        const { input, cachedInput, cacheWrite, output } = model.price;
        for (const value of [input, output, ...(cachedInput === undefined ? [] : [cachedInput])]) {
          expect(Number.isFinite(value) && value >= 0, `${provider.id}/${model.id}`).toBe(true);
        }
        if (cacheWrite !== undefined) expect(cacheWrite).toBeGreaterThanOrEqual(0);
      }
    }
    expect(priced).toBeGreaterThan(30);
  });

  it('resolves every alias target to an enabled provider serving that model', () => {
    const references = Object.values(builtInCatalog.aliases).flat();
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      const [providerId, ...rest] = reference.split('/');
      const provider = providerOf(builtInCatalog, providerId!);
      expect(provider.enabled, reference).toBe(true);
      expect(
        provider.models.some((model) => model.id === rest.join('/')),
        reference,
      ).toBe(true);
    }
  });

  it('is itself a valid config that rebuilds the same catalog from nothing', () => {
    // Passing the schema checks ids, URLs, key variable names, prices and context windows at once.
    const config = parse({
      builtInProviders: false,
      providers: builtInCatalog.providers,
      aliases: builtInCatalog.aliases,
      retirements: builtInCatalog.retirements,
    });
    expect(mergeCatalog(builtInCatalog, config)).toEqual(builtInCatalog);
  });

  it('gives DeepSeek its Anthropic endpoint and thinking switch, which a config file can override', () => {
    expect(providerOf(builtInCatalog, 'deepseek')).toMatchObject({
      anthropicBaseUrl: 'https://api.deepseek.com/anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    const merged = mergeCatalog(
      builtInCatalog,
      parse({ providers: [{ id: 'deepseek', anthropicBaseUrl: 'https://proxy.example/deepseek-anthropic' }] }),
    );
    expect(providerOf(merged, 'deepseek')).toMatchObject({
      baseUrl: 'https://api.deepseek.com',
      anthropicBaseUrl: 'https://proxy.example/deepseek-anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    expect(providerOf(builtInCatalog, 'openai').anthropicBaseUrl).toBeUndefined();
  });

  it('serves the Responses API natively at OpenAI and Azure only, which a config file can turn off', () => {
    const native = builtInCatalog.providers.filter((provider) => provider.responsesApi).map((provider) => provider.id);
    expect(native).toEqual(['openai', 'azure']);
    const merged = mergeCatalog(
      builtInCatalog,
      parse({
        providers: [
          { id: 'azure', responsesApi: false },
          { id: 'deepseek', responsesApi: true },
        ],
      }),
    );
    expect(providerOf(merged, 'azure').responsesApi).toBe(false);
    expect(providerOf(merged, 'deepseek')).toMatchObject({
      responsesApi: true,
      anthropicBaseUrl: 'https://api.deepseek.com/anthropic',
    });
    expect(providerOf(merged, 'openai').responsesApi).toBe(true);
  });

  it('lets the local servers run without a key and gives Azure an api-version', () => {
    expect(providerOf(builtInCatalog, 'ollama').keyOptional).toBe(true);
    expect(providerOf(builtInCatalog, 'vllm').keyOptional).toBe(true);
    expect(providerOf(builtInCatalog, 'azure').apiVersion).toBe('2024-10-21');
    const keyless = builtInCatalog.providers.filter((provider) => provider.keyOptional).map((provider) => provider.id);
    expect(keyless).toEqual(['ollama', 'vllm', 'lmstudio', 'llamacpp']);
  });
});
