import type { Catalog, CatalogModel, CatalogProvider, ModelCapabilities, ModelPrice } from './catalog-types';

// Public list prices in USD per million tokens, as published by each provider (checked
// 2026-11). Providers change them; a config file overrides any entry without a code change.
//
// Output limits (DESIGN contract 3): `maxOutputTokens` is the most a model may be asked for and
// `defaultOutputTokens` what a request without max_tokens gets, as each provider documents it:
// DeepSeek's Models & Pricing page lists a default and a maximum output per model (V4: 32K and
// 384K); OpenAI and Gemini generate up to the model's maximum when no limit is sent (OpenAI's
// model pages: 128K for GPT-5, 32,768 for GPT-4.1, 16,384 for GPT-4o; Gemini 2.5: 65,536);
// Anthropic requires max_tokens and has no default, so the default is the 4,096 the adapter sends.

const chatCapabilities: ModelCapabilities = { tools: true, vision: false, jsonMode: true };
const visionCapabilities: ModelCapabilities = { tools: true, vision: true, jsonMode: true };

function chat(
  id: string,
  price: ModelPrice,
  contextWindow: number,
  options: {
    upstream?: string;
    capabilities?: ModelCapabilities;
    maxOutputTokens?: number;
    defaultOutputTokens?: number;
  } = {},
): CatalogModel {
  return {
    id,
    upstream: options.upstream ?? id,
    kind: 'chat',
    price,
    contextWindow,
    maxOutputTokens: options.maxOutputTokens,
    defaultOutputTokens: options.defaultOutputTokens ?? options.maxOutputTokens,
    capabilities: options.capabilities ?? chatCapabilities,
  };
}

function embedding(id: string, input: number, contextWindow: number, upstream = id): CatalogModel {
  return { id, upstream, kind: 'embedding', price: { input, output: 0 }, contextWindow };
}

function provider(
  id: string,
  name: string,
  adapter: CatalogProvider['adapter'],
  baseUrl: string,
  apiKeyEnv: string | undefined,
  models: CatalogModel[],
  extra: Partial<CatalogProvider> = {},
): CatalogProvider {
  return { id, name, adapter, baseUrl, apiKeyEnv, enabled: true, models, ...extra };
}

// DeepSeek's FIM completion (prompt + suffix, no thinking mode) at https://api.deepseek.com/beta/completions.
const deepseekFim: ModelCapabilities = { ...chatCapabilities, legacyCompletions: '../beta/completions' };

const deepseekFlash: ModelPrice = { input: 0.14, cachedInput: 0.028, output: 0.28 };
const deepseekPro: ModelPrice = { input: 0.435, cachedInput: 0.0036, output: 0.87 };

export const builtInCatalog: Catalog = {
  providers: [
    provider(
      'deepseek',
      'DeepSeek',
      'openai-compatible',
      'https://api.deepseek.com',
      'DEEPSEEK_API_KEY',
      [
        chat('deepseek-v4-flash', deepseekFlash, 1_000_000, {
          maxOutputTokens: 384_000,
          defaultOutputTokens: 32_768,
          capabilities: deepseekFim,
        }),
        chat('deepseek-v4-pro', deepseekPro, 1_000_000, {
          maxOutputTokens: 384_000,
          defaultOutputTokens: 32_768,
          capabilities: deepseekFim,
        }),
      ],
      {
        // DeepSeek serves the Anthropic Messages format beside its OpenAI one, with the same keys.
        anthropicBaseUrl: 'https://api.deepseek.com/anthropic',
        reasoningControl: 'deepseek-thinking',
      },
    ),
    provider(
      'openai',
      'OpenAI',
      'openai-compatible',
      'https://api.openai.com/v1',
      'OPENAI_API_KEY',
      [
        chat('gpt-5', { input: 1.25, cachedInput: 0.125, output: 10 }, 400_000, {
          capabilities: { ...visionCapabilities, reasoning: true },
          maxOutputTokens: 128_000,
        }),
        chat('gpt-5-mini', { input: 0.25, cachedInput: 0.025, output: 2 }, 400_000, {
          capabilities: { ...visionCapabilities, reasoning: true },
          maxOutputTokens: 128_000,
        }),
        chat('gpt-4.1', { input: 2, cachedInput: 0.5, output: 8 }, 1_047_576, {
          capabilities: visionCapabilities,
          maxOutputTokens: 32_768,
        }),
        chat('gpt-4.1-mini', { input: 0.4, cachedInput: 0.1, output: 1.6 }, 1_047_576, {
          capabilities: visionCapabilities,
          maxOutputTokens: 32_768,
        }),
        chat('gpt-4o', { input: 2.5, cachedInput: 1.25, output: 10 }, 128_000, {
          capabilities: visionCapabilities,
          maxOutputTokens: 16_384,
        }),
        chat('gpt-4o-mini', { input: 0.15, cachedInput: 0.075, output: 0.6 }, 128_000, {
          capabilities: visionCapabilities,
          maxOutputTokens: 16_384,
        }),
        // The one current model of the legacy /v1/completions endpoint (it does not serve chat).
        chat('gpt-3.5-turbo-instruct', { input: 1.5, output: 2 }, 4_096, {
          capabilities: { legacyCompletions: 'completions' },
          maxOutputTokens: 4_096,
        }),
        embedding('text-embedding-3-small', 0.02, 8191),
        embedding('text-embedding-3-large', 0.13, 8191),
      ],
      // Requests on the Responses surface (Codex, the Agents SDK) go to /v1/responses as they came.
      { responsesApi: true },
    ),
    provider('anthropic', 'Anthropic', 'anthropic', 'https://api.anthropic.com', 'ANTHROPIC_API_KEY', [
      chat('claude-opus-4-1', { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 }, 200_000, {
        capabilities: visionCapabilities,
        maxOutputTokens: 32_000,
        defaultOutputTokens: 4_096,
      }),
      chat('claude-sonnet-4-5', { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 }, 200_000, {
        capabilities: visionCapabilities,
        maxOutputTokens: 64_000,
        defaultOutputTokens: 4_096,
      }),
      chat('claude-haiku-4-5', { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 }, 200_000, {
        capabilities: visionCapabilities,
        maxOutputTokens: 64_000,
        defaultOutputTokens: 4_096,
      }),
    ]),
    provider('gemini', 'Google Gemini', 'gemini', 'https://generativelanguage.googleapis.com/v1beta', 'GEMINI_API_KEY', [
      chat('gemini-2.5-pro', { input: 1.25, cachedInput: 0.125, output: 10 }, 1_048_576, {
        maxOutputTokens: 65_536,
        capabilities: { ...visionCapabilities, reasoning: true },
      }),
      chat('gemini-2.5-flash', { input: 0.3, cachedInput: 0.03, output: 2.5 }, 1_048_576, {
        maxOutputTokens: 65_536,
        capabilities: { ...visionCapabilities, reasoning: true },
      }),
      chat('gemini-2.5-flash-lite', { input: 0.1, cachedInput: 0.01, output: 0.4 }, 1_048_576, {
        maxOutputTokens: 65_536,
        capabilities: visionCapabilities,
      }),
      embedding('gemini-embedding-001', 0.15, 2048),
    ]),
    provider('mistral', 'Mistral', 'openai-compatible', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY', [
      chat('mistral-large-latest', { input: 2, output: 6 }, 128_000),
      chat('mistral-medium-latest', { input: 0.4, output: 2 }, 128_000, { capabilities: visionCapabilities }),
      chat('mistral-small-latest', { input: 0.1, output: 0.3 }, 128_000),
      embedding('mistral-embed', 0.1, 8192),
    ]),
    provider('groq', 'Groq', 'openai-compatible', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY', [
      chat('llama-3.3-70b-versatile', { input: 0.59, output: 0.79 }, 131_072),
      chat('llama-3.1-8b-instant', { input: 0.05, output: 0.08 }, 131_072),
    ]),
    provider('together', 'Together AI', 'openai-compatible', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY', [
      chat('llama-3.3-70b-versatile', { input: 0.88, output: 0.88 }, 131_072, {
        upstream: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      }),
      chat('deepseek-v3', { input: 1.25, output: 1.25 }, 131_072, { upstream: 'deepseek-ai/DeepSeek-V3' }),
    ]),
    provider('fireworks', 'Fireworks AI', 'openai-compatible', 'https://api.fireworks.ai/inference/v1', 'FIREWORKS_API_KEY', [
      chat('llama-3.3-70b-versatile', { input: 0.9, output: 0.9 }, 131_072, {
        upstream: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
      }),
      chat('deepseek-v3', { input: 0.9, output: 0.9 }, 131_072, { upstream: 'accounts/fireworks/models/deepseek-v3' }),
    ]),
    provider('xai', 'xAI', 'openai-compatible', 'https://api.x.ai/v1', 'XAI_API_KEY', [
      chat('grok-4', { input: 3, cachedInput: 0.75, output: 15 }, 256_000, { capabilities: visionCapabilities }),
      chat('grok-3-mini', { input: 0.3, cachedInput: 0.075, output: 0.5 }, 131_072),
    ]),
    provider(
      'openrouter',
      'OpenRouter',
      'openai-compatible',
      'https://openrouter.ai/api/v1',
      'OPENROUTER_API_KEY',
      [
        chat('deepseek-v4-flash', deepseekFlash, 1_000_000, { upstream: 'deepseek/deepseek-v4-flash' }),
        chat('gpt-4o-mini', { input: 0.15, output: 0.6 }, 128_000, {
          upstream: 'openai/gpt-4o-mini',
          capabilities: visionCapabilities,
        }),
        chat('claude-sonnet-4-5', { input: 3, output: 15 }, 200_000, {
          upstream: 'anthropic/claude-sonnet-4.5',
          capabilities: visionCapabilities,
        }),
      ],
      // OpenRouter attributes traffic to an app by these headers.
      { headers: { 'HTTP-Referer': 'https://github.com/switchboard', 'X-Title': 'Switchboard' } },
    ),
    provider(
      'azure',
      'Azure OpenAI',
      'azure-openai',
      'https://your-resource.openai.azure.com',
      'AZURE_OPENAI_API_KEY',
      [
        // `upstream` is the deployment name; override it in the config file to match yours.
        chat('gpt-4o', { input: 2.5, cachedInput: 1.25, output: 10 }, 128_000, {
          capabilities: visionCapabilities,
          maxOutputTokens: 16_384,
        }),
        chat('gpt-4o-mini', { input: 0.15, cachedInput: 0.075, output: 0.6 }, 128_000, {
          capabilities: visionCapabilities,
        }),
      ],
      {
        // The endpoint is per customer: set it in the config file (or AZURE_OPENAI_ENDPOINT).
        apiVersion: '2024-10-21',
        // Microsoft documents the Responses API on every Azure OpenAI resource's v1 endpoint
        // (/openai/v1/responses) for the GPT-4o, 4.1, 5 and o-series models, in most regions; set
        // responsesApi: false in the config file for a resource in a region without it.
        responsesApi: true,
      },
    ),
    provider(
      'bedrock',
      'Amazon Bedrock',
      'bedrock',
      'https://bedrock-runtime.us-east-1.amazonaws.com',
      // One secret: ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN], or the same as JSON.
      'AWS_BEDROCK_CREDENTIALS',
      [
        // On-demand list prices in us-east-1 as the Bedrock pricing page published them in
        // 2025-10 (not re-read from this checkout, which has no network: verify before relying);
        // `us.` ids are the cross-region inference profiles newer models are served through.
        chat('claude-sonnet-4-5', { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 }, 200_000, {
          upstream: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
          maxOutputTokens: 64_000,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
        chat('claude-haiku-4-5', { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 }, 200_000, {
          upstream: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
          maxOutputTokens: 64_000,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
        chat('nova-pro', { input: 0.8, cachedInput: 0.2, output: 3.2 }, 300_000, {
          upstream: 'us.amazon.nova-pro-v1:0',
          maxOutputTokens: 10_000,
          capabilities: visionCapabilities,
        }),
        chat('nova-lite', { input: 0.06, cachedInput: 0.015, output: 0.24 }, 300_000, {
          upstream: 'us.amazon.nova-lite-v1:0',
          maxOutputTokens: 10_000,
          capabilities: visionCapabilities,
        }),
        chat('nova-micro', { input: 0.035, cachedInput: 0.00875, output: 0.14 }, 128_000, {
          upstream: 'us.amazon.nova-micro-v1:0',
          maxOutputTokens: 10_000,
        }),
      ],
      { region: 'us-east-1' },
    ),
    provider(
      'vertex',
      'Google Vertex AI',
      'vertex',
      // The global endpoint serves Gemini 2.5 and Claude 4.5; a regional one is
      // https://<location>-aiplatform.googleapis.com with the same location set below.
      'https://aiplatform.googleapis.com',
      // The service account's JSON key file, whole.
      'VERTEX_SERVICE_ACCOUNT_JSON',
      [
        // List prices as the Vertex AI generative AI pricing page published them in 2025-10 (not
        // re-read from this checkout: verify before relying; Gemini at the prompt tier up to 200K).
        chat('gemini-2.5-pro', { input: 1.25, cachedInput: 0.125, output: 10 }, 1_048_576, {
          maxOutputTokens: 65_536,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
        chat('gemini-2.5-flash', { input: 0.3, cachedInput: 0.03, output: 2.5 }, 1_048_576, {
          maxOutputTokens: 65_536,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
        chat('claude-sonnet-4-5', { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 }, 200_000, {
          upstream: 'claude-sonnet-4-5@20250929',
          maxOutputTokens: 64_000,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
        chat('claude-haiku-4-5', { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 }, 200_000, {
          upstream: 'claude-haiku-4-5@20251001',
          maxOutputTokens: 64_000,
          capabilities: { ...visionCapabilities, reasoning: true },
        }),
      ],
      // The project defaults to the key's project_id; set `project` to bill another.
      { location: 'global' },
    ),
    provider(
      'ollama',
      'Ollama (local)',
      'openai-compatible',
      'http://127.0.0.1:11434/v1',
      undefined,
      [chat('llama3.2', { input: 0, output: 0 }, 131_072), embedding('nomic-embed-text', 0, 8192)],
      { keyOptional: true },
    ),
    provider('vllm', 'vLLM (local)', 'openai-compatible', 'http://127.0.0.1:8000/v1', 'VLLM_API_KEY', [], {
      keyOptional: true,
    }),
  ],
  aliases: {
    'chat-default': ['deepseek/deepseek-v4-flash', 'openrouter/deepseek-v4-flash'],
  },
  // DeepSeek retired its legacy names after 2026-07-24 15:59 UTC; they were V4 Flash's
  // non-thinking and thinking modes, and are served as such (aliases, not models of their own).
  retirements: [
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
  ],
};
