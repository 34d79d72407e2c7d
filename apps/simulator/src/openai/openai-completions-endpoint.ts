import { estimateInputTokens } from '../estimate-input-tokens';
import type { StreamFrame } from '../plan-stream-batches';
import type { UsageSent } from '../recorded-request';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { openAIUsage } from './openai-usage';

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

// A made-up but stable log probability per token, and the runners-up `logprobs: N` asks for.
const TOKEN_LOGPROB = -0.25;
const ALTERNATIVES = [' the', ' a', ',', '.', ' and'];

interface CompletionAnswer {
  id: string;
  created: number;
  model: string;
  prompts: string[];
  pieces: string[];
  echo: boolean;
  /** `logprobs` as asked (0 to 5), or undefined for none. */
  logprobs: number | undefined;
  usage: UsageSent;
  deepSeek: boolean;
  usageOverride?: Record<string, unknown>;
}

/** OpenAI's legacy logprobs object for the tokens (here: the pieces) of one choice's text. */
function logprobsFor(pieces: string[], count: number, offset: number): Record<string, unknown> {
  const textOffset: number[] = [];
  let position = offset;
  for (const piece of pieces) {
    textOffset.push(position);
    position += piece.length;
  }
  return {
    tokens: pieces,
    token_logprobs: pieces.map(() => TOKEN_LOGPROB),
    top_logprobs: pieces.map((piece) => {
      const top: Record<string, number> = { [piece]: TOKEN_LOGPROB };
      for (const alternative of ALTERNATIVES.slice(0, Math.max(0, count - 1))) top[alternative] = TOKEN_LOGPROB * 8;
      return top;
    }),
    text_offset: textOffset,
  };
}

function wholeBody(answer: CompletionAnswer): string {
  const text = answer.pieces.join('');
  return JSON.stringify({
    id: answer.id,
    object: 'text_completion',
    created: answer.created,
    model: answer.model,
    system_fingerprint: 'fp_simulator',
    choices: answer.prompts.map((prompt, index) => ({
      text: answer.echo ? prompt + text : text,
      index,
      logprobs:
        answer.logprobs === undefined ? null : logprobsFor(answer.pieces, answer.logprobs, answer.echo ? prompt.length : 0),
      finish_reason: 'stop',
    })),
    usage: openAIUsage(answer.usage, answer.deepSeek, answer.usageOverride),
  });
}

/**
 * The `text_completion` events of a streamed answer: each prompt's pieces (the prompt itself first
 * with `echo`), then its finish chunk, then the usage chunk (`choices: []`) when include_usage was
 * asked for, and `[DONE]`.
 */
function streamFrames(answer: CompletionAnswer, includeUsage: boolean): StreamFrame[] {
  const head = `{"id":"${answer.id}","object":"text_completion","created":${answer.created},"model":${JSON.stringify(answer.model)},"system_fingerprint":"fp_simulator","choices":[`;
  const tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const frames: StreamFrame[] = [];
  const chunk = (index: number, text: string, logprobs: unknown, finishReason: string | null): string =>
    `data: ${head}${JSON.stringify({ text, index, logprobs, finish_reason: finishReason })}${tail}`;
  answer.prompts.forEach((prompt, index) => {
    let offset = 0;
    if (answer.echo) {
      frames.push({ text: chunk(index, prompt, null, null), content: false, usage: false });
      offset = prompt.length;
    }
    for (const piece of answer.pieces) {
      const logprobs = answer.logprobs === undefined ? null : logprobsFor([piece], answer.logprobs, offset);
      frames.push({ text: chunk(index, piece, logprobs, null), content: true, usage: false });
      offset += piece.length;
    }
    frames.push({ text: chunk(index, '', null, 'stop'), content: false, usage: false });
  });
  if (includeUsage) {
    const usage = JSON.stringify(openAIUsage(answer.usage, answer.deepSeek, answer.usageOverride));
    frames.push({ text: `data: ${head}],"usage":${usage}}\n\n`, content: false, usage: true });
  }
  frames.push({ text: 'data: [DONE]\n\n', content: false, usage: false });
  return frames;
}

function promptsOf(prompt: unknown): string[] | undefined {
  if (typeof prompt === 'string') return [prompt];
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((entry) => typeof entry === 'string')) return prompt;
  return undefined;
}

/**
 * `POST /v1/completions`, OpenAI's legacy text completion (gpt-3.5-turbo-instruct), and DeepSeek's
 * FIM completion at `/beta/completions` (same body, `suffix` for the text after the gap). One
 * choice per prompt; `echo` puts the prompt in front; `logprobs: N` adds the legacy logprobs
 * object (tokens, token_logprobs, top_logprobs with N entries, text_offset).
 */
export function openAICompletionsEndpoint(): Endpoint {
  return {
    countsTowardFaults: true,

    wantsStream(call) {
      return isRecord(call.body) && call.body.stream === true;
    },

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (typeof body.model !== 'string') return 'you must provide a model parameter';
      if (body.prompt === undefined) return "Missing required parameter: 'prompt'.";
      if (promptsOf(body.prompt) === undefined) return "Invalid type for 'prompt': expected a string or an array of strings.";
      const logprobs = body.logprobs;
      if (
        logprobs !== undefined &&
        logprobs !== null &&
        !(Number.isInteger(logprobs) && (logprobs as number) >= 0 && (logprobs as number) <= 5)
      ) {
        return "Invalid 'logprobs': integer below minimum value or above maximum value of 5.";
      }
      if (body.suffix !== undefined && body.suffix !== null && typeof body.suffix !== 'string') {
        return "Invalid type for 'suffix': expected a string.";
      }
      if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
        return "The 'stream_options' parameter is only allowed when 'stream' is enabled.";
      }
      return undefined;
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const behaviour = provider.behaviour;
      const sequence = exchange.record.sequence;
      const prompts = promptsOf(body.prompt)!;
      const suffix = typeof body.suffix === 'string' ? body.suffix : '';
      const template = provider.template;
      const characters = prompts.reduce((sum, prompt) => sum + prompt.length + suffix.length, 0);
      const inputTokens = behaviour.inputTokens ?? estimateInputTokens(characters, 0);
      const usage: UsageSent = {
        inputTokens,
        outputTokens: template.outputTokens * prompts.length,
        cachedInputTokens: Math.min(behaviour.cachedInputTokens ?? 0, inputTokens),
        reasoningTokens: 0,
      };
      const model = body.model as string;
      const answer: CompletionAnswer = {
        id: `cmpl-sim${sequence}`,
        created: Math.floor(exchange.record.receivedAt / 1000),
        model,
        prompts,
        pieces: template.textPieces.length > 0 ? template.textPieces : [template.text],
        echo: body.echo === true,
        logprobs: typeof body.logprobs === 'number' ? body.logprobs : undefined,
        usage,
        deepSeek: model.startsWith('deepseek'),
        usageOverride: behaviour.usageOverride,
      };
      if (body.stream === true) {
        const options = body.stream_options;
        const includeUsage = isRecord(options) && options.include_usage === true;
        exchange.stream(SSE_CONTENT_TYPE, call.headers, streamFrames(answer, includeUsage), answer.usage, behaviour);
        return;
      }
      exchange.after(behaviour.latencyMs, () => exchange.sendJson(200, wholeBody(answer), call.headers, answer.usage));
    },
  };
}
