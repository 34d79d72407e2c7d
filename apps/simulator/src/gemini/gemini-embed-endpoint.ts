import { deterministicEmbedding } from '../deterministic-embedding';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';

function contentText(content: unknown): string | undefined {
  if (!isRecord(content) || !Array.isArray(content.parts)) return undefined;
  let text = '';
  for (const part of content.parts) if (isRecord(part) && typeof part.text === 'string') text += part.text;
  return text;
}

function dimensionsOf(request: Record<string, unknown>, fallback: number): number {
  const requested = request.outputDimensionality;
  return typeof requested === 'number' && Number.isInteger(requested) && requested > 0 ? requested : fallback;
}

function values(request: Record<string, unknown>, fallback: number): number[] {
  return Array.from(deterministicEmbedding(contentText(request.content) ?? '', dimensionsOf(request, fallback)));
}

/**
 * `:batchEmbedContents` (`{requests:[...]}` -> `{embeddings:[{values}]}`) and, with `batch` false,
 * `:embedContent` (`{content}` -> `{embedding:{values}}`). Gemini reports no usage here.
 */
export function geminiEmbedEndpoint(batch: boolean): Endpoint {
  return {
    countsTowardFaults: true,

    wantsStream() {
      return false;
    },

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'Invalid JSON payload received. The request body must be a JSON object.';
      if (!batch)
        return contentText(body.content) === undefined ? '* EmbedContentRequest.content: content is not specified' : undefined;
      if (!Array.isArray(body.requests) || body.requests.length === 0)
        return '* BatchEmbedContentsRequest.requests: requests is not specified';
      const valid = body.requests.every((request) => isRecord(request) && contentText(request.content) !== undefined);
      return valid ? undefined : '* BatchEmbedContentsRequest.requests[].content: content is not specified';
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const behaviour = provider.behaviour;
      exchange.after(behaviour.latencyMs, () => {
        const dimensions = behaviour.embeddingDimensions;
        const response = batch
          ? {
              embeddings: (body.requests as Record<string, unknown>[]).map((request) => ({
                values: values(request, dimensions),
              })),
            }
          : { embedding: { values: values(body, dimensions) } };
        exchange.sendJson(200, JSON.stringify(response), call.headers, null);
      });
    },
  };
}
