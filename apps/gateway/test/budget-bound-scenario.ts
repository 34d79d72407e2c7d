import type { ApiKeySummary, BudgetLedger, RateLimiter } from '@switchboard/access';
import type { CatalogModel, CatalogProvider, ChatCompletionRequest, NeutralRequest } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import { estimateTextTokens } from '@switchboard/usage';
import type { AccessControl } from '../src/access/access-control';
import { admitRequest, settleAdmission } from '../src/access/admit-request';
import { outputLimitOf } from '../src/access/output-limit';
import type { RequestRecord } from '../src/app/request-record';
import type { Attempt } from '../src/attempts/plan-attempts';
import { estimateChatInputTokens, measureInputSize } from '../src/routing/estimate-input-tokens';

// The 200-concurrent budget bound, played at admission with the real ledger and limiter: three
// kinds of prompt that the old estimate undercounted (Chinese text, an image, an Anthropic cache
// write), each billed by a provider at the most it may bill (the tokenizer's count of the text,
// the documented image maximum, every input token written to the 1-hour cache at twice the input
// price, and every output token max_tokens allows).

const deepseek: CatalogProvider = {
  id: 'deepseek',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.deepseek.com',
  enabled: true,
  models: [],
};
const openai: CatalogProvider = {
  id: 'openai',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.openai.com/v1',
  enabled: true,
  models: [],
};
const anthropic: CatalogProvider = {
  id: 'anthropic',
  adapter: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  enabled: true,
  models: [],
};

const flash: CatalogModel = {
  id: 'deepseek-v4-flash',
  upstream: 'deepseek-v4-flash',
  kind: 'chat',
  price: { input: 0.14, cachedInput: 0.028, output: 0.28 },
  contextWindow: 1_000_000,
  maxOutputTokens: 384_000,
  defaultOutputTokens: 32_768,
};
const gpt4o: CatalogModel = {
  id: 'gpt-4o',
  upstream: 'gpt-4o',
  kind: 'chat',
  price: { input: 2.5, cachedInput: 1.25, output: 10 },
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
};
const sonnet: CatalogModel = {
  id: 'claude-sonnet-4-5',
  upstream: 'claude-sonnet-4-5',
  kind: 'chat',
  price: { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  contextWindow: 200_000,
  maxOutputTokens: 64_000,
  defaultOutputTokens: 4_096,
};

/** 3,000 characters of Chinese (common characters, the o200k tokenizer's best case is about one a token). */
export const chinesePrompt = Array.from({ length: 3_000 }, (_, index) =>
  String.fromCodePoint(0x4e00 + ((index * 7919) % 2_000)),
).join('');

interface Kind {
  provider: CatalogProvider;
  model: CatalogModel;
  request: () => ChatCompletionRequest;
  native?: () => Record<string, unknown>;
  /** The provider's bill for the prompt at most, in micro-dollars per the prices above. */
  billInputMicros: (text: number) => number;
}

const kinds: Kind[] = [
  {
    provider: deepseek,
    model: flash,
    request: () => ({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: chinesePrompt }] }),
    billInputMicros: (text) => text * 0.14,
  },
  {
    provider: openai,
    model: gpt4o,
    request: () => ({
      model: 'gpt-4o',
      max_tokens: 300,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(4_000)}`, detail: 'high' } },
          ],
        },
      ],
    }),
    // GPT-4o's documented maximum for one high-detail image: 85 + 170 x 8 tiles.
    billInputMicros: (text) => (text + 1_445) * 2.5,
  },
  {
    provider: anthropic,
    model: sonnet,
    request: () => ({ model: 'claude-sonnet-4-5', max_tokens: 1_000, messages: [{ role: 'user', content: chinesePrompt }] }),
    native: () => ({
      model: 'claude-sonnet-4-5',
      max_tokens: 1_000,
      system: [{ type: 'text', text: chinesePrompt, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: 'Summarise.' }],
    }),
    // Every input token written to the 1-hour cache: twice the input price.
    billInputMicros: (text) => text * 3 * 2,
  },
];

export interface BudgetBoundResult {
  requests: number;
  admitted: number;
  refused: number;
  limitMicros: number;
  spentMicros: number;
  overageMicros: number;
  /** Milliseconds for all the requests, admitted or refused, to be settled. */
  elapsedMs: number;
}

function apiKey(id: string, limitMicros: number): ApiKeySummary {
  return {
    id,
    budgetMicros: limitMicros,
    budgetPeriod: 'total',
    rpmLimit: null,
    tpmLimit: null,
    concurrencyLimit: null,
  } as ApiKeySummary;
}

/** Runs `requests` admissions at once against one budget, each settled (after a short random wait) with the provider's largest bill. */
export async function runBudgetBound(
  ledger: BudgetLedger,
  limiter: RateLimiter,
  options: { keyId: string; limitMicros: number; requests: number },
): Promise<BudgetBoundResult> {
  const access = { ledger, limiter } as AccessControl;
  const key = apiKey(options.keyId, options.limitMicros);
  const textTokens = await estimateTextTokens(chinesePrompt, chinesePrompt.length);
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: options.requests }, async (_, index) => {
      const kind = kinds[index % kinds.length]!;
      const request = kind.request();
      const native = kind.native?.();
      const neutral = native
        ? ({
            surface: 'messages',
            chat: request,
            native: { format: 'anthropic-messages', body: native, headers: {} },
          } as NeutralRequest)
        : undefined;
      const record = {
        requestId: `req_${index}`,
        route: '/v1/chat/completions',
        apiKey: key,
        attempts: 0,
        attemptLog: [],
      } as unknown as RequestRecord;
      record.inputSize = native ? measureInputSize(native) : measureInputSize(request.messages, request.tools);
      record.outputLimit = outputLimitOf(request, neutral);
      const routeRequest = {
        model: request.model,
        kind: 'chat',
        stream: false,
        estimatedInputTokens: estimateChatInputTokens(request.messages, request.tools),
        maxOutputTokens: record.outputLimit.requested,
      } as RouteRequest;
      const attempt = { provider: kind.provider, model: kind.model, apiKey: 'sk', keyId: undefined } as unknown as Attempt;
      let admission: Awaited<ReturnType<typeof admitRequest>>;
      try {
        admission = await admitRequest(access, record, routeRequest, [attempt]);
      } catch {
        return false;
      }
      // The output really sent upstream, all of it generated.
      const outputTokens = record.maxTokensSent ?? record.outputLimit.requested ?? 0;
      const text = kind.provider === openai ? Math.ceil('What is in this picture?'.length) + 8 : textTokens + 8;
      const billMicros = kind.billInputMicros(text) + outputTokens * kind.model.price!.output;
      record.usage = { inputTokens: text, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens, reasoningTokens: 0 };
      record.costMicros = Math.ceil(billMicros);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      await settleAdmission(access, admission, record);
      return true;
    }),
  );
  const elapsedMs = performance.now() - started;
  const usage = await ledger.usage(options.keyId, options.limitMicros, 'total', Date.now());
  const admitted = outcomes.filter(Boolean).length;
  return {
    requests: options.requests,
    admitted,
    refused: options.requests - admitted,
    limitMicros: options.limitMicros,
    spentMicros: usage.spentMicros,
    overageMicros: usage.overageMicros,
    elapsedMs,
  };
}
