import type {
  ChatCompletion,
  ChatCompletionRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  NeutralRequest,
  StreamPart,
  StreamPartsDecoder,
  TokenUsage,
  WireFormat,
} from '@switchboard/protocol';
import type { AdapterId, CatalogProvider } from './catalog-types';

// One adapter per wire format. Adapters are pure translators: they build the upstream HTTP
// request and convert what comes back. They do no I/O, so the gateway owns pooling, timeouts,
// retries and fallback, and every adapter can be tested against recorded fixtures.

/** Who to call: the provider entry, the upstream model name and the decrypted key. */
export interface AdapterTarget {
  provider: CatalogProvider;
  upstreamModel: string;
  /** Empty string for key-less local servers. */
  apiKey: string;
  /**
   * Body fields the provider needs for this model that the client did not write (a retired
   * name's mode on its replacement: DeepSeek's `thinking`), added where the client set none.
   */
  bodyFields?: Record<string, unknown>;
}

export interface UpstreamRequest {
  /** Absolute URL; always under `provider.baseUrl`'s origin so a key never leaves its provider. */
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string;
}

export interface ChatResult {
  completion: ChatCompletion;
  usage: TokenUsage;
  /** When the upstream body already is the OpenAI response, the gateway may send it unchanged. */
  passthroughBody?: string;
}

export interface StreamContext {
  /** The `id` every emitted chunk carries (`chatcmpl-...`), for adapters that mint chunks. */
  id: string;
  created: number;
  /** Model name reported to the client when the upstream does not name one. */
  model: string;
  /** The client asked for `stream_options.include_usage`: emit the final usage-only chunk. */
  includeUsage: boolean;
}

export interface UpstreamStreamError {
  message: string;
  type?: string;
  code?: string | null;
}

/**
 * Converts an upstream stream, fed as text pieces split anywhere, into OpenAI SSE text
 * (`data: {...}\n\n` events, ending with `data: [DONE]\n\n`).
 */
export interface StreamTranslator {
  /** Feed the next piece of upstream text; returns the OpenAI SSE text ready to send (maybe ''). */
  push(text: string): string;
  /** The upstream closed; returns whatever is left to send. Emits `[DONE]` only if `done`. */
  end(): string;
  /** Usage as reported by the upstream, once it arrived. */
  readonly usage: TokenUsage | undefined;
  /** The upstream signalled a complete answer (its terminal event). False for a cut stream. */
  readonly done: boolean;
  /** An error event the upstream sent inside the stream (Anthropic `error`, OpenRouter error chunk). */
  readonly upstreamError: UpstreamStreamError | undefined;
  /** The provider's own id for its answer (its first chunk's or event's), once seen. */
  readonly upstreamId?: string | undefined;
  /** Text characters delivered so far (content + reasoning + tool arguments), for estimates. */
  readonly deliveredCharacters: number;
  /** The first 16 KiB of that text, for a tokenizer estimate of the output. */
  readonly deliveredSample: string;
}

export interface EmbeddingsResult {
  response: EmbeddingsResponse;
  usage: TokenUsage;
}

export interface UpstreamErrorDetails {
  message: string;
  type?: string;
  code?: string | null;
  /**
   * The status to classify the failure by, when the wire format's error says more than its HTTP
   * status (Bedrock's AccessDeniedException is a 403 about the gateway's key, not the client's).
   */
  classifyAs?: number;
}

/**
 * The gateway's own upstream HTTP (pooled, egress-guarded, reaching the simulator in tests),
 * lent to an adapter's credential step (Vertex's OAuth token exchange). The body comes back
 * whole, as text, whatever the status.
 */
export type UpstreamHttp = (request: UpstreamRequest) => Promise<{ status: number; body: string }>;

/** The client's own body, for an upstream that speaks the client's wire format. */
export interface NativeRequest {
  /** The parsed inbound body; the adapter edits only what DESIGN.md's passthrough rules allow. */
  body: Record<string, unknown>;
  /** Inbound headers the format forwards as they came (`anthropic-version`, `anthropic-beta`). */
  headers: Record<string, string>;
}

/** A whole answer decoded into the exchange core's parts. */
export interface AnswerParts {
  parts: StreamPart[];
  usage: TokenUsage;
}

export interface ProviderAdapter {
  readonly id: AdapterId;
  /** The wire format this adapter speaks upstream, for native passthrough. */
  readonly wireFormat: WireFormat;
  /** The upstream's stream decoded into structured parts (for surfaces of another format). */
  /** `target`, when given, lets a format read provider quirks (which field carries reasoning). */
  streamParts(target?: AdapterTarget): StreamPartsDecoder;
  /** A whole upstream answer decoded into structured parts. */
  answerParts(body: string, context: { requestedModel: string; upstreamModel: string; id: string; created: number }): AnswerParts;
  /**
   * Native passthrough: the client's body in this adapter's own wire format goes upstream with
   * only the model, the credentials and the allowed edits changed. Absent: never native.
   */
  nativeRequest?(native: NativeRequest, target: AdapterTarget, stream: boolean): UpstreamRequest;
  /**
   * Encodes the neutral request. `neutral` carries what Chat Completions cannot say (thinking
   * asked on the Messages surface); absent for requests that arrived as Chat Completions.
   */
  chatRequest(request: ChatCompletionRequest, target: AdapterTarget, stream: boolean, neutral?: NeutralRequest): UpstreamRequest;
  chatResponse(body: string, context: { requestedModel: string; upstreamModel: string; id: string; created: number }): ChatResult;
  chatStream(context: StreamContext): StreamTranslator;
  /** Absent when the wire format has no embeddings endpoint. */
  embeddingsRequest?(request: EmbeddingsRequest, target: AdapterTarget): UpstreamRequest;
  /** `request` is the client's, for formats that report no usage and must estimate it. */
  embeddingsResponse?(
    body: string,
    context: { requestedModel: string; upstreamModel: string; request: EmbeddingsRequest },
  ): EmbeddingsResult;
  /**
   * The provider's own prompt-token counter (Anthropic's count_tokens, Gemini's countTokens) for
   * the same request: `native` is the client's body when it arrived in this adapter's format.
   * Absent: the gateway counts with its local tokenizer.
   */
  countTokensRequest?(native: NativeRequest | undefined, chat: ChatCompletionRequest, target: AdapterTarget): UpstreamRequest;
  /** The prompt's token count from the counter's 2xx body. */
  countTokensResponse?(body: string): number;
  /** Pulls a human-readable message out of an upstream error body (never echoing headers). */
  errorDetails(status: number, body: string): UpstreamErrorDetails;
  /**
   * Credentials that take more than a header: called by the gateway on every request the adapter
   * built, just before it is sent (Bedrock signs it with SigV4, Vertex adds an OAuth token it got
   * for the service-account key through `http`). Absent: the request goes as built. Throws
   * ProviderKeyFormatError for a key not in the format's shape.
   */
  authorize?(request: UpstreamRequest, target: AdapterTarget, http: UpstreamHttp): Promise<UpstreamRequest>;
  /**
   * `latin1` for a binary upstream stream (Bedrock's event stream): the gateway reads the body
   * as latin1 text, one character per byte, and the decoder turns it back into the bytes.
   * Absent: UTF-8 text (SSE).
   */
  readonly streamEncoding?: 'latin1';
  /**
   * The pieces of a compound key (a secret access key, a service account's private key) that
   * the redactor must find in upstream text besides the key as stored. Absent: the key alone.
   */
  secretPieces?(apiKey: string): string[];
  /**
   * The upstream answered 401 to a request `authorize` added credentials to: a cached credential
   * (Vertex's access token) is dropped, so the next request for the key gets a fresh one.
   */
  forgetCredentials?(apiKey: string): void;
  /** Throws ProviderKeyFormatError for a key not in the format's shape, so it is refused when saved. */
  validateKey?(apiKey: string): void;
}
