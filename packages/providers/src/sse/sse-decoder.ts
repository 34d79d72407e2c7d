// Incremental Server-Sent Events decoder (WHATWG event-stream rules, minus reconnection).
// Text may arrive split anywhere, including inside a line ending; events come out whole, with
// their raw text so that pass-through adapters can forward an event without re-encoding it.

export interface SseEvent {
  /** The `event:` field, or undefined for the default `message` type. */
  event: string | undefined;
  /** The `data:` lines joined with '\n'. */
  data: string;
  /** The event's original text including its terminating blank line. */
  raw: string;
}

export class SseDecoder {
  private buffer = '';

  /** Returns every event completed by this piece of text. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const boundary = findEventBoundary(this.buffer);
      if (boundary === -1) break;
      const end = boundary;
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      const event = parseEvent(raw);
      if (event) events.push(event);
    }
    return events;
  }

  /** Whatever is left when the stream ends: a final event not followed by a blank line. */
  flush(): SseEvent[] {
    const rest = this.buffer;
    this.buffer = '';
    if (rest.trim().length === 0) return [];
    const event = parseEvent(rest);
    return event ? [event] : [];
  }

  /** True while a partial event is buffered (a stream cut here lost it). */
  get pending(): boolean {
    return this.buffer.trim().length > 0;
  }
}

/** Index just past the first blank line (`\n\n`, `\r\n\r\n` or `\r\r`), or -1. */
function findEventBoundary(buffer: string): number {
  const lf = buffer.indexOf('\n\n');
  const crlf = buffer.indexOf('\r\n\r\n');
  let best = -1;
  if (lf !== -1) best = lf + 2;
  if (crlf !== -1 && (best === -1 || crlf + 4 <= best)) best = crlf + 4;
  if (best === -1) {
    const cr = buffer.indexOf('\r\r');
    if (cr !== -1) best = cr + 2;
  }
  return best;
}

function parseEvent(raw: string): SseEvent | undefined {
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
