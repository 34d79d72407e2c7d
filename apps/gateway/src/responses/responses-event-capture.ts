import type { ResponsesResponse, StreamErrorDetails } from '@switchboard/protocol';

const TERMINAL_TYPES = ['"response.completed"', '"response.incomplete"', '"response.failed"'];

/**
 * Reads a relayed Responses event stream on the side (native passthrough): the final response
 * object, to store it, and what a gateway-made `response.failed` needs to follow the upstream's
 * events (the next sequence number, the response's id and model). Only the response events are
 * parsed; the others are scanned for their sequence number.
 */
export class ResponsesEventCapture {
  private buffer = '';
  private lastSequence = -1;
  private started: Record<string, unknown> | undefined;
  /** The upstream's `response.completed` / `incomplete` / `failed` response, once it arrived. */
  final: ResponsesResponse | undefined;
  /** An upstream `error` event: it ends the stream but is no terminal event (see failEvent). */
  upstreamError: StreamErrorDetails | undefined;
  /** A terminal event reached the client: the upstream's, or one failEvent wrote. */
  get ended(): boolean {
    return this.final !== undefined || this.failed;
  }
  private failed = false;
  /** The relayed text ends between two whole events (a keep-alive or a failure may follow). */
  atEventBoundary = true;

  push(text: string): void {
    if (text.length === 0) return;
    this.atEventBoundary = text.endsWith('\n\n');
    this.buffer += text;
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      this.read(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
  }

  private read(event: string): void {
    const start = event.indexOf('data:');
    if (start === -1) return;
    const data = event.slice(start + 5).trim();
    const sequence = /"sequence_number"\s*:\s*(\d+)/.exec(data);
    if (sequence) this.lastSequence = Math.max(this.lastSequence, Number(sequence[1]));
    const terminal = TERMINAL_TYPES.some((type) => data.includes(type));
    if (!terminal && this.upstreamError === undefined && /"type"\s*:\s*"error"/.test(data)) this.readError(data);
    if (!terminal && this.started !== undefined) return;
    if (!terminal && !data.includes('"response.created"')) return;
    try {
      const parsed = JSON.parse(data) as { type?: string; response?: Record<string, unknown> };
      if (!parsed.response) return;
      if (parsed.type === 'response.created') this.started = parsed.response;
      else if (parsed.type && TERMINAL_TYPES.includes(`"${parsed.type}"`))
        this.final = parsed.response as unknown as ResponsesResponse;
    } catch {
      // Not ours to judge: the client reads the same bytes.
    }
  }

  private readError(data: string): void {
    try {
      const parsed = JSON.parse(data) as { code?: unknown; message?: unknown; type?: unknown };
      if (parsed.type !== 'error') return;
      this.upstreamError = {
        message: typeof parsed.message === 'string' ? parsed.message : 'upstream stream error',
        code: typeof parsed.code === 'string' ? parsed.code : null,
      };
    } catch {
      // Not ours to judge, as above.
    }
  }

  /**
   * A `response.failed` event after the upstream's own ones, for a stream the gateway had to end;
   * '' once a terminal event went out, so a stream never carries two.
   */
  failEvent(code: string, message: string): string {
    if (this.ended) return '';
    this.failed = true;
    const response = {
      ...(this.started ?? { object: 'response', created_at: Math.floor(Date.now() / 1000), output: [] }),
      status: 'failed',
      error: { code, message },
    };
    const event = { type: 'response.failed', sequence_number: this.lastSequence + 1, response };
    // A cut in the middle of an event is closed first, so the failure parses as its own event.
    const close = this.atEventBoundary ? '' : '\n\n';
    return `${close}event: response.failed\ndata: ${JSON.stringify(event)}\n\n`;
  }
}
