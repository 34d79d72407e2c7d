export interface ReadSseEvent {
  event: string | undefined;
  data: string;
}

/** Splits a complete SSE body into events (LF or CRLF line endings). For tests. */
export function readSseEvents(text: string): ReadSseEvent[] {
  const events: ReadSseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim().length === 0) continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}
