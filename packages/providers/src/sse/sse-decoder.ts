// Incremental Server-Sent Events decoder (WHATWG event-stream rules, minus reconnection).
// Text may arrive split anywhere, including inside a line ending; events come out whole, with
// their raw text so that pass-through adapters can forward an event without re-encoding it.

import { UpstreamAnswerTooLargeError } from '../upstream-answer-too-large-error';
import { sseEventLimit } from './sse-event-limit';

export interface SseEvent {
  /** The `event:` field, or undefined for the default `message` type. */
  event: string | undefined;
  /** The `data:` lines joined with '\n'. */
  data: string;
  /** The event's original text including its terminating blank line. */
  raw: string;
}

export class SseDecoder {
  /** Text received since the last event ended, not joined until an event completes. */
  private pieces: string[] = [];
  private pendingLength = 0;
  /** The last few characters of that text: a blank line may straddle two pieces. */
  private tail = '';

  constructor(private readonly maximumEventLength = sseEventLimit()) {}

  /**
   * Returns every event completed by this piece of text. Only the new text (and the three
   * characters before it) is searched for an event boundary, and pieces without one are kept
   * apart rather than concatenated: a long event costs linear time however finely it is split.
   * An event longer than the limit throws UpstreamAnswerTooLargeError as soon as it crosses it.
   */
  push(piece: string): SseEvent[] {
    // Some callers hand over the body's chunks as they come (Buffers); as before, they read as text.
    const text = typeof piece === 'string' ? piece : String(piece);
    if (findEventBoundary(this.tail + text, 0) === -1) {
      this.pieces.push(text);
      this.pendingLength += text.length;
      this.tail = (this.tail + text).slice(-3);
      if (this.pendingLength > this.maximumEventLength)
        throw new UpstreamAnswerTooLargeError('SSE event', this.maximumEventLength);
      return [];
    }
    const searchFrom = this.pendingLength - this.tail.length;
    const buffer = this.pieces.length === 0 ? text : this.pieces.join('') + text;
    const events: SseEvent[] = [];
    let start = 0;
    let end = findEventBoundary(buffer, searchFrom);
    while (end !== -1) {
      const event = parseEvent(buffer.slice(start, end));
      if (event) events.push(event);
      start = end;
      end = findEventBoundary(buffer, start);
    }
    const rest = start === buffer.length ? '' : buffer.slice(start);
    this.pieces = rest.length === 0 ? [] : [rest];
    this.pendingLength = rest.length;
    this.tail = rest.slice(-3);
    if (this.pendingLength > this.maximumEventLength) throw new UpstreamAnswerTooLargeError('SSE event', this.maximumEventLength);
    return events;
  }

  /** Whatever is left when the stream ends: a final event not followed by a blank line. */
  flush(): SseEvent[] {
    const rest = this.pieces.join('');
    this.pieces = [];
    this.pendingLength = 0;
    this.tail = '';
    if (rest.trim().length === 0) return [];
    const event = parseEvent(rest);
    return event ? [event] : [];
  }

  /** True while a partial event is buffered (a stream cut here lost it). */
  get pending(): boolean {
    return this.pieces.some((piece) => piece.trim().length > 0);
  }
}

/** Index just past the first blank line (`\n\n`, `\r\n\r\n` or `\r\r`) at or after `from`, or -1. */
function findEventBoundary(buffer: string, from: number): number {
  const lf = buffer.indexOf('\n\n', from);
  const crlf = buffer.indexOf('\r\n\r\n', from);
  let best = -1;
  if (lf !== -1) best = lf + 2;
  if (crlf !== -1 && (best === -1 || crlf + 4 <= best)) best = crlf + 4;
  if (best === -1) {
    const cr = buffer.indexOf('\r\r', from);
    if (cr !== -1) best = cr + 2;
  }
  return best;
}

function parseEvent(raw: string): SseEvent | undefined {
  // The common shape, one `data: ` line and a blank line (OpenAI's every chunk), without the split.
  const lineEnd = raw.indexOf('\n');
  if (lineEnd === raw.length - 2 && raw.charCodeAt(lineEnd + 1) === 10 && raw.startsWith('data: ') && !raw.includes('\r')) {
    return { event: undefined, data: raw.slice(6, lineEnd), raw };
  }
  let event: string | undefined;
  let data: string | undefined;
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line.length === 0 || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') event = value;
  }
  if (data === undefined && event === undefined) return undefined;
  return { event, data: data ?? '', raw };
}
