import type { TokenUsage } from '../token-usage';

// The exchange core's one vocabulary for what a provider answered. Adapters decode their
// provider's answer (whole or streamed) into these parts; each surface's writer encodes parts
// into its own wire format. Nothing between the two knows any wire format.

/** Why an answer ended, in one vocabulary; each writer maps it to its surface's own values. */
export type NeutralFinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'stop-sequence'
  | 'refusal'
  | 'pause'
  | 'other';

export interface StreamErrorDetails {
  message: string;
  /** The upstream's own error type (`overloaded_error`, `server_error`), when it named one. */
  type?: string;
  code?: string | null;
}

/**
 * One piece of an answer. The order rules every decoder keeps and every writer relies on:
 * - `metadata` (upstream id and model) comes before any content, at most once;
 * - a tool call's `tool-call-start` comes before its deltas, and `tool-call-end` after them;
 *   decoders end every open call before `finish`; `index` counts tool calls from 0 in the answer;
 * - `reasoning-signature` follows the reasoning it signs (Anthropic thinking blocks);
 * - the final `usage` (counts are cumulative: a later part replaces an earlier one) comes
 *   before `finish`;
 * - `finish` is the last part of a complete answer and `error` the last part of a failed one:
 *   a stream that ends with neither was cut.
 */
export type StreamPart =
  | { type: 'metadata'; id?: string; model?: string }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'reasoning-signature'; signature: string }
  /** Anthropic `redacted_thinking`: opaque, replayed as is to Anthropic-format upstreams. */
  | { type: 'redacted-reasoning'; data: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  | { type: 'usage'; usage: TokenUsage }
  | { type: 'finish'; reason: NeutralFinishReason; stopSequence?: string }
  | { type: 'error'; error: StreamErrorDetails };

/** Decodes one upstream stream, fed as text pieces split anywhere, into parts. */
export interface StreamPartsDecoder {
  push(text: string): StreamPart[];
  /** The upstream closed: whatever the buffered text still holds. */
  end(): StreamPart[];
}

/** What a writer needs to name the answer it writes. */
export interface AnswerMetadata {
  /** The gateway-made id of the body (`chatcmpl-...`, `msg_...`). */
  id: string;
  /** Model reported to the client unless a `metadata` part names the upstream's. */
  model: string;
  /** Unix seconds. */
  created: number;
}

/** A surface's streamed wire format, fed parts in the order above. */
export interface SurfaceStreamWriter {
  /** Encodes parts into the surface's event text (maybe ''). */
  write(parts: readonly StreamPart[]): string;
  /**
   * The stream broke after the client got its first byte (cut, timeout, gateway failure):
   * the surface's terminal error frame, so no client mistakes a broken answer for a whole one.
   */
  fail(error: StreamErrorDetails): string;
  /** The surface's keep-alive, sent while an answer waits for its next token. */
  keepAlive(): string;
}
