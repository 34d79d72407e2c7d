import type { Catalog, CatalogModel, CatalogPriceSource, CatalogProvider, ModelCapabilities, ModelPrice } from './catalog-types';

// Public list prices in USD per million tokens, as published by each provider. Every priced
// model names where its price was read and when (`priceSource`, on the provider or the model):
// the first providers' prices were checked 2026-11 against their own pages; the prices added with
// the second batch of OpenAI-compatible providers were read on 2026-12-03 from stored copies of
// the pages named, several of them third-party tables of the provider's prices (`official:
// false`). Providers whose USD list price no stored page confirmed are listed unpriced (served and
// flagged unpriced; DESIGN.md contract 7) until an import or the config file prices them.
// Providers change prices; `npm run catalog:import` or a config file updates them without a release.
//
// Output limits (DESIGN contract 3): `maxOutputTokens` is the most a model may be asked for and
// `defaultOutputTokens` what a request without max_tokens gets, as each provider documents it:
// DeepSeek's Models & Pricing page lists a default and a maximum output per model (V4: 32K and
// 384K); OpenAI and Gemini generate up to the model's maximum when no limit is sent (OpenAI's
// model pages: 128K for GPT-5, 32,768 for GPT-4.1, 16,384 for GPT-4o; Gemini 2.5: 65,536);
// Anthropic requires max_tokens and has no default, so the default is the 4,096 the adapter sends.

const chatCapabilities: ModelCapabilities = { tools: true, vision: false, jsonMode: true };
const visionCapabilities: ModelCapabilities = { tools: true, vision: true, jsonMode: true };
const reasoningCapabilities: ModelCapabilities = { ...chatCapabilities, reasoning: true };
const visionReasoningCapabilities: ModelCapabilities = { ...visionCapabilities, reasoning: true };
/** Search-grounded answers without tool calling (Perplexity's Sonar). */
const searchCapabilities: ModelCapabilities = { tools: false, vision: false, jsonMode: true };

/** A price page read for the 2026-11 catalog. */
function checked2026November(url: string): CatalogPriceSource {
  return { url, checkedAt: '2026-11', official: true };
}

/** A stored copy of a page, read for this catalog on 2026-12-03. */
function read(url: string, official: boolean): CatalogPriceSource {
  return { url, checkedAt: '2026-12-03', official };
}

function chat(
  id: string,
  price: ModelPrice | undefined,
  contextWindow: number,
  options: {
    upstream?: string;
    capabilities?: ModelCapabilities;
    maxOutputTokens?: number;
    defaultOutputTokens?: number;
    priceSource?: CatalogPriceSource;
  } = {},
): CatalogModel {
  return {
    id,
    upstream: options.upstream ?? id,
    kind: 'chat',
    ...(price ? { price } : {}),
    ...(options.priceSource ? { priceSource: options.priceSource } : {}),
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
        priceSource: checked2026November('https://api-docs.deepseek.com/quick_start/pricing'),
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
      { responsesApi: true, priceSource: checked2026November('https://openai.com/api/pricing/') },
    ),
    provider(
      'anthropic',
      'Anthropic',
      'anthropic',
      'https://api.anthropic.com',
      'ANTHROPIC_API_KEY',
      [
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
      ],
      { priceSource: checked2026November('https://www.anthropic.com/pricing#api') },
    ),
    provider(
      'gemini',
      'Google Gemini',
      'gemini',
      'https://generativelanguage.googleapis.com/v1beta',
      'GEMINI_API_KEY',
      [
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
      ],
      { priceSource: checked2026November('https://ai.google.dev/gemini-api/docs/pricing') },
    ),
    provider(
      'mistral',
      'Mistral',
      'openai-compatible',
      'https://api.mistral.ai/v1',
      'MISTRAL_API_KEY',
      [
        chat('mistral-large-latest', { input: 2, output: 6 }, 128_000),
        chat('mistral-medium-latest', { input: 0.4, output: 2 }, 128_000, { capabilities: visionCapabilities }),
        chat('mistral-small-latest', { input: 0.1, output: 0.3 }, 128_000),
        embedding('mistral-embed', 0.1, 8192),
      ],
      { priceSource: checked2026November('https://mistral.ai/pricing#api-pricing') },
    ),
    provider(
      'groq',
      'Groq',
      'openai-compatible',
      'https://api.groq.com/openai/v1',
      'GROQ_API_KEY',
      [
        chat('llama-3.3-70b-versatile', { input: 0.59, output: 0.79 }, 131_072),
        chat('llama-3.1-8b-instant', { input: 0.05, output: 0.08 }, 131_072),
        // Groq's models page as a third-party price audit quoted it (braintrust-proxy issue 925).
        chat('gpt-oss-120b', { input: 0.15, output: 0.6 }, 131_072, {
          upstream: 'openai/gpt-oss-120b',
          maxOutputTokens: 65_536,
          capabilities: reasoningCapabilities,
          priceSource: read('https://github.com/braintrustdata/braintrust-proxy/issues/925', false),
        }),
      ],
      { priceSource: checked2026November('https://groq.com/pricing') },
    ),
    provider(
      'together',
      'Together AI',
      'openai-compatible',
      'https://api.together.xyz/v1',
      'TOGETHER_API_KEY',
      [
        chat('llama-3.3-70b-versatile', { input: 0.88, output: 0.88 }, 131_072, {
          upstream: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
        }),
        chat('deepseek-v3', { input: 1.25, output: 1.25 }, 131_072, { upstream: 'deepseek-ai/DeepSeek-V3' }),
      ],
      { priceSource: checked2026November('https://www.together.ai/pricing') },
    ),
    provider(
      'fireworks',
      'Fireworks AI',
      'openai-compatible',
      'https://api.fireworks.ai/inference/v1',
      'FIREWORKS_API_KEY',
      [
        chat('llama-3.3-70b-versatile', { input: 0.9, output: 0.9 }, 131_072, {
          upstream: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
        }),
        chat('deepseek-v3', { input: 0.9, output: 0.9 }, 131_072, { upstream: 'accounts/fireworks/models/deepseek-v3' }),
      ],
      { priceSource: checked2026November('https://fireworks.ai/pricing') },
    ),
    provider(
      'xai',
      'xAI',
      'openai-compatible',
      'https://api.x.ai/v1',
      'XAI_API_KEY',
      [
        chat('grok-4', { input: 3, cachedInput: 0.75, output: 15 }, 256_000, { capabilities: visionCapabilities }),
        chat('grok-3-mini', { input: 0.3, cachedInput: 0.075, output: 0.5 }, 131_072),
      ],
      { priceSource: checked2026November('https://docs.x.ai/docs/models') },
    ),
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
      {
        // OpenRouter attributes traffic to an app by these headers.
        headers: { 'HTTP-Referer': 'https://github.com/switchboard', 'X-Title': 'Switchboard' },
        priceSource: checked2026November('https://openrouter.ai/models'),
      },
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
        priceSource: checked2026November('https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/'),
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
      {
        region: 'us-east-1',
        // As published in 2025-10 and not re-read since: old enough to be flagged stale.
        priceSource: { url: 'https://aws.amazon.com/bedrock/pricing/', checkedAt: '2025-10', official: true },
      },
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
      {
        location: 'global',
        priceSource: {
          url: 'https://cloud.google.com/vertex-ai/generative-ai/pricing',
          checkedAt: '2025-10',
          official: true,
        },
      },
    ),
    provider('cerebras', 'Cerebras', 'openai-compatible', 'https://api.cerebras.ai/v1', 'CEREBRAS_API_KEY', [
      chat('gpt-oss-120b', { input: 0.35, output: 0.75 }, 131_072, {
        maxOutputTokens: 32_768,
        capabilities: reasoningCapabilities,
        priceSource: read('https://www.getmaxim.ai/bifrost/model-library/compare/cerebras/gpt-oss-120b', false),
      }),
      chat('zai-glm-4.7', { input: 2, output: 3 }, 131_072, {
        capabilities: reasoningCapabilities,
        priceSource: read('https://mastra.ai/models/providers/cerebras', false),
      }),
      // No stored page gave its price: unpriced until imported.
      chat('gemma-4-31b', undefined, 131_072),
    ]),
    provider('deepinfra', 'DeepInfra', 'openai-compatible', 'https://api.deepinfra.com/v1/openai', 'DEEPINFRA_API_KEY', [
      chat('glm-4.6', { input: 0.6, output: 2 }, 202_752, {
        upstream: 'zai-org/GLM-4.6',
        capabilities: reasoningCapabilities,
        priceSource: read('https://deepinfra.ai/zai-org/GLM-4.6/api', true),
      }),
      chat('gpt-oss-120b', { input: 0.15, output: 0.6 }, 131_072, {
        upstream: 'openai/gpt-oss-120b-Turbo',
        capabilities: reasoningCapabilities,
        priceSource: read(
          'https://www.getmaxim.ai/bifrost/llm-cost-calculator/provider/deepinfra/model/gpt-oss-120b-turbo',
          false,
        ),
      }),
      chat('llama-3.1-70b', { input: 0.4, output: 0.4 }, 131_072, {
        upstream: 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo',
        priceSource: read(
          'https://www.getmaxim.ai/bifrost/llm-cost-calculator/provider/deepinfra/model/meta-llama-3.1-70b-instruct-turbo',
          false,
        ),
      }),
    ]),
    provider(
      'perplexity',
      'Perplexity',
      'openai-compatible',
      'https://api.perplexity.ai',
      'PERPLEXITY_API_KEY',
      [
        // Token prices only: Perplexity also bills a per-request search fee the price book does not model.
        chat('sonar', { input: 1, output: 1 }, 128_000, { capabilities: searchCapabilities, maxOutputTokens: 4_096 }),
        chat('sonar-pro', { input: 3, output: 15 }, 200_000, {
          capabilities: { ...searchCapabilities, vision: true },
          maxOutputTokens: 8_000,
        }),
        chat('sonar-reasoning-pro', { input: 3, output: 15 }, 128_000, {
          capabilities: { ...searchCapabilities, reasoning: true },
        }),
        chat('sonar-deep-research', { input: 2, output: 8 }, 128_000, {
          capabilities: { ...searchCapabilities, reasoning: true },
        }),
      ],
      {
        priceSource: read('https://www.skills.sh/jeremylongshore/tons-of-skills-marketplace/perplexity-cost-tuning', false),
      },
    ),
    provider(
      'moonshot',
      'Moonshot AI (Kimi)',
      'openai-compatible',
      'https://api.moonshot.ai/v1',
      'MOONSHOT_API_KEY',
      [
        chat('kimi-k2.5', { input: 0.6, cachedInput: 0.1, output: 3 }, 262_144, {
          capabilities: visionReasoningCapabilities,
        }),
        chat('kimi-k2-0905-preview', { input: 0.6, cachedInput: 0.15, output: 2.5 }, 262_144),
        chat('kimi-k2-0711-preview', { input: 0.6, cachedInput: 0.15, output: 2.5 }, 131_072),
        chat('kimi-k2.6', { input: 0.95, cachedInput: 0.16, output: 4 }, 262_144, {
          capabilities: visionReasoningCapabilities,
          priceSource: { url: 'https://developer.puter.com/tutorials/kimi-api-pricing/', checkedAt: '2026-06', official: false },
        }),
      ],
      {
        // Moonshot's own pricing page as an archive captured it on 2026-03-26.
        priceSource: {
          url: 'https://megalodon.jp/ref/2026-0326-0135-31/https://platform.moonshot.ai:443/docs/pricing/chat',
          checkedAt: '2026-03-26',
          official: true,
        },
      },
    ),
    provider(
      'zai',
      'Z.ai (Zhipu GLM)',
      'openai-compatible',
      'https://api.z.ai/api/paas/v4',
      'ZAI_API_KEY',
      [
        chat('glm-5.1', { input: 1.2, cachedInput: 0.24, output: 4 }, 202_800, {
          maxOutputTokens: 131_100,
          capabilities: reasoningCapabilities,
        }),
        chat('glm-5', { input: 1, cachedInput: 0.2, output: 3.2 }, 202_800, {
          maxOutputTokens: 131_100,
          capabilities: reasoningCapabilities,
        }),
        chat('glm-5v-turbo', { input: 1.2, cachedInput: 0.24, output: 4 }, 202_800, {
          maxOutputTokens: 131_100,
          capabilities: visionReasoningCapabilities,
        }),
        chat('glm-4.7', { input: 0.6, cachedInput: 0.11, output: 2.2 }, 204_800, {
          maxOutputTokens: 131_072,
          capabilities: reasoningCapabilities,
        }),
        chat('glm-4.7-flash', { input: 0.07, output: 0.4 }, 200_000, {
          maxOutputTokens: 131_072,
          capabilities: reasoningCapabilities,
        }),
      ],
      {
        // A third-party client's model table of Z.ai's international pay-as-you-go prices.
        priceSource: read(
          'https://git.vultropenclaw.com/vultr/openclaw/raw/branch/main/extensions/zai/openclaw.plugin.json',
          false,
        ),
      },
    ),
    provider(
      'dashscope',
      'Alibaba Cloud Model Studio (Qwen)',
      'openai-compatible',
      // The international (Singapore) endpoint; mainland China keys use dashscope.aliyuncs.com.
      'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
      'DASHSCOPE_API_KEY',
      [
        // The page lists the lowest tier of tiered prices ("minimum input price").
        chat('qwen-max', { input: 1.6, output: 6.4 }, 32_768),
        chat('qwen-plus', { input: 0.4, output: 1.2 }, 131_072, { capabilities: reasoningCapabilities }),
        chat('qwen-turbo', { input: 0.05, output: 0.2 }, 1_008_192, { capabilities: reasoningCapabilities }),
        // Its international USD price was on no stored page (the mainland one is in CNY).
        chat('qwen-flash', undefined, 1_000_000, { maxOutputTokens: 32_768, capabilities: reasoningCapabilities }),
      ],
      {
        // Model Studio's billing page, "Last Updated: Apr 22, 2025".
        priceSource: {
          url: 'https://www.alibabacloud.com/help/en/model-studio/billing-for-model-studio',
          checkedAt: '2025-04-22',
          official: true,
        },
      },
    ),
    provider(
      'siliconflow',
      'SiliconFlow',
      'openai-compatible',
      'https://api.siliconflow.com/v1',
      'SILICONFLOW_API_KEY',
      [
        chat('deepseek-v3', { input: 0.25, output: 1 }, 163_840, { upstream: 'deepseek-ai/DeepSeek-V3' }),
        chat('deepseek-r1', { input: 0.5, output: 2 }, 163_840, {
          upstream: 'deepseek-ai/DeepSeek-R1',
          capabilities: reasoningCapabilities,
        }),
        chat('seed-oss-36b-instruct', { input: 0.21, output: 0.57 }, 262_144, {
          upstream: 'ByteDance-Seed/Seed-OSS-36B-Instruct',
          capabilities: reasoningCapabilities,
        }),
        chat('ernie-4.5-300b-a47b', { input: 0.28, output: 1 }, 131_072, { upstream: 'baidu/ERNIE-4.5-300B-A47B' }),
        chat('deepseek-r1-distill-qwen-32b', { input: 0.18, output: 0.18 }, 131_072, {
          upstream: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
          capabilities: reasoningCapabilities,
        }),
        // Their USD prices were on no stored page: unpriced until imported.
        chat('qwen3-235b-a22b-instruct', undefined, 262_144, { upstream: 'Qwen/Qwen3-235B-A22B-Instruct-2507' }),
        chat('kimi-k2-0905', undefined, 262_144, { upstream: 'moonshotai/Kimi-K2-Instruct-0905' }),
      ],
      { priceSource: read('https://mastra.ai/models/providers/siliconflow', false) },
    ),
    provider('nebius', 'Nebius Token Factory', 'openai-compatible', 'https://api.tokenfactory.nebius.com/v1', 'NEBIUS_API_KEY', [
      // No stored page gave Nebius's prices: these models are unpriced until imported.
      chat('llama-3.3-70b', undefined, 131_072, { upstream: 'meta-llama/Llama-3.3-70B-Instruct' }),
      chat('qwen3-235b-a22b-instruct', undefined, 262_144, { upstream: 'Qwen/Qwen3-235B-A22B-Instruct-2507' }),
      chat('gpt-oss-120b', undefined, 131_072, { upstream: 'openai/gpt-oss-120b', capabilities: reasoningCapabilities }),
      chat('deepseek-v3', undefined, 163_840, { upstream: 'deepseek-ai/DeepSeek-V3-0324' }),
    ]),
    provider(
      'cohere',
      'Cohere (compatibility API)',
      'openai-compatible',
      'https://api.cohere.ai/compatibility/v1',
      'COHERE_API_KEY',
      [
        chat('command-a-03-2025', { input: 2.5, output: 10 }, 256_000, { maxOutputTokens: 8_000 }),
        chat('command-r-plus-08-2024', { input: 2.5, output: 10 }, 128_000, { maxOutputTokens: 4_000 }),
        chat('command-r-08-2024', { input: 0.3, output: 1.2 }, 128_000, { maxOutputTokens: 4_000 }),
        chat('command-r7b-12-2024', { input: 0.0375, output: 0.15 }, 128_000, { maxOutputTokens: 4_000 }),
        chat('c4ai-aya-vision-32b', { input: 0.5, output: 1.5 }, 16_000, {
          capabilities: { tools: false, vision: true, jsonMode: true },
        }),
      ],
      { priceSource: read('https://lava.so/docs/gateway/providers/cohere', false) },
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
    provider(
      'lmstudio',
      'LM Studio (local)',
      'openai-compatible',
      'http://127.0.0.1:1234/v1',
      undefined,
      // The name of whichever model is loaded; add yours in the config file.
      [chat('qwen3-8b', { input: 0, output: 0 }, 32_768, { upstream: 'qwen/qwen3-8b', capabilities: reasoningCapabilities })],
      { keyOptional: true },
    ),
    provider(
      'llamacpp',
      'llama.cpp server (local)',
      'openai-compatible',
      'http://127.0.0.1:8080/v1',
      'LLAMACPP_API_KEY',
      // llama-server serves the one model it was started with, whatever the request names.
      [chat('llama-server', { input: 0, output: 0 }, 32_768)],
      { keyOptional: true },
    ),
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
