import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { planStreamBatches, type StreamBatchPlan, type StreamFrame } from './plan-stream-batches';
import type { RecordedRequest, UsageSent } from './recorded-request';
import type { SimulatorState } from './simulator-state';

export interface StreamTiming {
  ttftMs: number;
  chunkGapMs: number;
  cutAfterChunks: number | null;
}

/**
 * One request being answered: writes the response, keeps its record up to date, and notices when
 * the connection goes away before the answer is complete.
 */
export class Exchange {
  private timer: NodeJS.Timeout | undefined = undefined;
  /** Nothing more will be written: the answer ended, or the connection is gone. */
  private finished = false;
  private encoding: BufferEncoding = 'utf8';

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly record: RecordedRequest,
    private readonly state: SimulatorState,
  ) {
    state.responseOpened();
    response.once('close', () => this.onClose());
  }

  /** Runs `action` after `delayMs` unless the exchange ended meanwhile; at once for 0. */
  after(delayMs: number, action: () => void): void {
    if (delayMs <= 0) {
      action();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.finished) action();
    }, delayMs);
  }

  /** A whole JSON answer; `usage` is recorded as sent when the body carries it. */
  sendJson(status: number, body: string, headers: OutgoingHttpHeaders | undefined, usage: UsageSent | null): void {
    if (this.finished) return;
    this.finished = true;
    this.record.status = status;
    this.record.outcome = status < 400 ? 'completed' : 'error';
    this.record.usageSent = usage;
    const allHeaders: OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (headers) Object.assign(allHeaders, headers);
    this.response.writeHead(status, allHeaders);
    this.response.end(body);
  }

  /** Accept and never answer: the record stays `hung` unless the client gives up first. */
  hang(): void {
    this.record.outcome = 'hung';
  }

  /**
   * Streams frames with the configured timing. `usage` is recorded when the frame carrying it is
   * written, or at the end when the format did not put it on the wire (OpenAI without
   * include_usage) so billing tests can still reconcile against what a full answer would report.
   */
  stream(
    contentType: string,
    headers: OutgoingHttpHeaders | undefined,
    frames: StreamFrame[],
    usage: UsageSent,
    timing: StreamTiming,
    /** `latin1` for binary frames carried one character per byte (Bedrock's event stream). */
    encoding: BufferEncoding = 'utf8',
  ): void {
    this.record.stream = true;
    this.encoding = encoding;
    const plan = planStreamBatches(frames, timing.cutAfterChunks, timing.chunkGapMs <= 0);
    const usageOnWire = frames.some((frame) => frame.usage);
    this.after(timing.ttftMs, () => {
      this.record.status = 200;
      const allHeaders: OutgoingHttpHeaders = { 'content-type': contentType, 'cache-control': 'no-cache' };
      if (headers) Object.assign(allHeaders, headers);
      this.response.writeHead(200, allHeaders);
      this.writeBatch(plan, 0, timing.chunkGapMs, usage, usageOnWire);
    });
  }

  private writeBatch(plan: StreamBatchPlan, index: number, gapMs: number, usage: UsageSent, usageOnWire: boolean): void {
    const batch = plan.batches[index]!;
    this.record.chunksSent += batch.contentCount;
    if (batch.carriesUsage) this.record.usageSent = usage;
    if (index < plan.batches.length - 1) {
      this.response.write(batch.text, this.encoding);
      this.after(gapMs, () => this.writeBatch(plan, index + 1, gapMs, usage, usageOnWire));
      return;
    }
    this.finished = true;
    if (plan.cut) {
      this.record.outcome = 'cut';
      // Destroy only once the bytes reached the kernel, so the client sees exactly N chunks.
      this.response.write(batch.text, this.encoding, () => this.response.destroy());
      return;
    }
    if (!usageOnWire) this.record.usageSent = usage;
    this.record.outcome = 'completed';
    this.response.end(batch.text, this.encoding);
  }

  private onClose(): void {
    this.state.responseClosed();
    this.record.closedAt = Date.now();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.finished) return;
    this.finished = true;
    if (this.state.closing) {
      if (this.record.outcome !== 'hung') this.record.outcome = 'cut';
      return;
    }
    this.record.outcome = 'client_closed';
  }
}
