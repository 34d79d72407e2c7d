import type { ChatCompletionRequest, NeutralRequest } from '@switchboard/protocol';
import type { Attempt } from '../attempts/plan-attempts';

/** Anthropic's smallest thinking budget; `max_tokens` must exceed the budget. */
const MINIMUM_THINKING_BUDGET = 1_024;

/**
 * The thinking budget the Anthropic adapter gives each `reasoning_effort`
 * (convert-to-anthropic-thinking.ts), largest first. Its `max_tokens` grows to budget + limit when
 * the limit is not above the budget, so a lowered limit lowers the effort too.
 */
const BUDGET_BY_EFFORT: [string, number][] = [
  ['xhigh', 32_768],
  ['high', 16_384],
  ['medium', 8_192],
  ['low', 2_048],
  ['minimal', MINIMUM_THINKING_BUDGET],
];

/** The largest effort at or below `effort` whose budget stays below `maxTokens` ('none' when none does). */
function effortWithin(effort: string, maxTokens: number): string {
  const start = BUDGET_BY_EFFORT.findIndex(([name]) => name === effort);
  if (start < 0) return effort;
  for (const [name, budget] of BUDGET_BY_EFFORT.slice(start)) if (budget < maxTokens) return name;
  return 'none';
}

/**
 * A request's output limit as the gateway may rewrite it for a budgeted key (DESIGN contract 3,
 * a passthrough edit contract 9 allows): what the client asked for, and how to write the
 * gateway's value into whatever goes upstream, in the field of the wire format in use.
 */
export interface OutputLimit {
  /** The largest output limit the client sent, in any of its fields; undefined when none. */
  requested: number | undefined;
  /** The fewest output tokens the request can go with: Anthropic thinking needs its budget plus one. */
  minimumTokens: number;
  /** Writes `maxTokens` into the bodies the attempt's upstream request is built from. */
  write(maxTokens: number, attempt: Attempt): void;
}

/**
 * OpenAI refuses `max_tokens` on its reasoning models and documents it as deprecated for
 * `max_completion_tokens`; other OpenAI-shaped providers (DeepSeek, Mistral, Groq) document
 * `max_tokens`.
 */
function takesMaxCompletionTokens(attempt: Attempt): boolean {
  return attempt.provider.adapter === 'azure-openai' || attempt.provider.baseUrl.startsWith('https://api.openai.com');
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** The largest of the output limits a client sent (issue 15: the reservation follows the largest forwarded). */
export function requestedOutputTokens(request: ChatCompletionRequest): number | undefined {
  const values = [positive(request.max_tokens), positive(request.max_completion_tokens)].filter(
    (value): value is number => value !== undefined,
  );
  return values.length === 0 ? undefined : Math.max(...values);
}

/** The output limit of a chat-shaped request, with its native body (Messages, Responses) when there is one. */
export function outputLimitOf(request: ChatCompletionRequest, neutral?: NeutralRequest): OutputLimit {
  const sentMaxTokens = positive(request.max_tokens) !== undefined;
  const sentMaxCompletionTokens = positive(request.max_completion_tokens) !== undefined;
  const native = neutral?.native;
  const nativeBody = native?.body;
  const nativeThinking =
    native?.format === 'anthropic-messages'
      ? (nativeBody?.thinking as { type?: unknown; budget_tokens?: unknown } | undefined)
      : undefined;
  const thinking = neutral?.reasoning?.enabled === true || nativeThinking?.type === 'enabled';
  const effort = typeof request.reasoning_effort === 'string' ? request.reasoning_effort : undefined;
  let requested = requestedOutputTokens(request);
  if (native?.format === 'openai-responses') requested = positive(nativeBody?.max_output_tokens) ?? requested;
  if (native?.format === 'anthropic-messages') requested = positive(nativeBody?.max_tokens) ?? requested;
  return {
    requested,
    minimumTokens: thinking ? MINIMUM_THINKING_BUDGET + 1 : 1,
    write(maxTokens, attempt) {
      // The neutral request, which every translated upstream is encoded from.
      if (sentMaxTokens || sentMaxCompletionTokens) {
        if (sentMaxTokens) request.max_tokens = maxTokens;
        if (sentMaxCompletionTokens) request.max_completion_tokens = maxTokens;
      } else if (takesMaxCompletionTokens(attempt)) {
        request.max_completion_tokens = maxTokens;
        delete request.max_tokens;
      } else {
        request.max_tokens = maxTokens;
        delete request.max_completion_tokens;
      }
      // A Chat Completions `reasoning_effort` translated for Anthropic: an effort whose budget fits.
      if (effort !== undefined && neutral?.reasoning === undefined) {
        request.reasoning_effort = attempt.provider.adapter === 'anthropic' ? effortWithin(effort, maxTokens) : effort;
      }
      // Thinking counts inside the limit: its budget stays below it (at least Anthropic's 1,024).
      const reasoning = neutral?.reasoning;
      if (reasoning?.enabled === true) {
        reasoning.budgetTokens = Math.max(
          MINIMUM_THINKING_BUDGET,
          Math.min(reasoning.budgetTokens ?? maxTokens - 1, maxTokens - 1),
        );
      }
      // The native body, which a same-format upstream gets as it came but for this field.
      if (native?.format === 'openai-responses' && nativeBody) nativeBody.max_output_tokens = maxTokens;
      if (native?.format === 'anthropic-messages' && nativeBody) {
        nativeBody.max_tokens = maxTokens;
        if (nativeThinking?.type === 'enabled' && typeof nativeThinking.budget_tokens === 'number') {
          if (nativeThinking.budget_tokens >= maxTokens) {
            nativeThinking.budget_tokens = Math.max(MINIMUM_THINKING_BUDGET, maxTokens - 1);
          }
        }
      }
    },
  };
}
