import { deterministicEmbedding } from '../deterministic-embedding';
import type { UsageSent } from '../recorded-request';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';

interface EmbeddingInput {
  /** What the vector is derived from. */
  seed: string;
  characters: number;
  /** Token-id inputs count one token per id. */
  tokenIds: number;
}

function readInputs(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === 'string') return [{ seed: input, characters: input.length, tokenIds: 0 }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return [{ seed: input.join(','), characters: 0, tokenIds: input.length }];
  const inputs: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === 'string') inputs.push({ seed: item, characters: item.length, tokenIds: 0 });
    else if (Array.isArray(item) && item.length > 0 && item.every((id) => typeof id === 'number')) {
      inputs.push({ seed: item.join(','), characters: 0, tokenIds: item.length });
    } else return undefined;
  }
  return inputs;
}

/** Rule: ceil(characters of all string inputs / 4) plus one per token id. */
function embeddingTokens(inputs: EmbeddingInput[]): number {
  let characters = 0;
  let tokenIds = 0;
  for (const input of inputs) {
    characters += input.characters;
    tokenIds += input.tokenIds;
  }
  return Math.ceil(characters / 4) + tokenIds;
}

/** `POST /embeddings`: float arrays, or base64 little-endian float32 (the openai SDK's default). */
export function openAIEmbeddingsEndpoint(azure: boolean): Endpoint {
  return {
    countsTowardFaults: true,

    wantsStream() {
      return false;
    },

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (!azure && typeof body.model !== 'string') return 'you must provide a model parameter';
      if (body.input === undefined) return "Missing required parameter: 'input'.";
      if (readInputs(body.input) === undefined) return "'$.input' is invalid. Please check the API reference.";
      if (body.dimensions !== undefined && !(Number.isInteger(body.dimensions) && (body.dimensions as number) > 0)) {
        return "Invalid value for 'dimensions': must be a positive integer.";
      }
      if (body.encoding_format !== undefined && body.encoding_format !== 'float' && body.encoding_format !== 'base64') {
        return "Invalid value for 'encoding_format': expected 'float' or 'base64'.";
      }
      return undefined;
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const behaviour = provider.behaviour;
      const inputs = readInputs(body.input)!;
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : behaviour.embeddingDimensions;
      const base64 = body.encoding_format === 'base64';
      const tokens = behaviour.inputTokens ?? embeddingTokens(inputs);
      const usage: UsageSent = { inputTokens: tokens, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
      exchange.after(behaviour.latencyMs, () => {
        const data = inputs.map((input, index) => {
          const vector = deterministicEmbedding(input.seed, dimensions);
          const embedding = base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
          return { object: 'embedding', index, embedding };
        });
        const model = typeof body.model === 'string' ? body.model : (call.pathModel ?? 'unknown');
        const response = {
          object: 'list',
          data,
          model,
          usage: { prompt_tokens: tokens, total_tokens: tokens, ...behaviour.usageOverride },
        };
        exchange.sendJson(200, JSON.stringify(response), call.headers, usage);
      });
    },
  };
}
