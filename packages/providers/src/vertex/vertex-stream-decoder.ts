import type { StreamPart, StreamPartsDecoder } from '@switchboard/protocol';
import { AnthropicStreamDecoder } from '../anthropic/anthropic-stream-decoder';
import { GeminiStreamDecoder } from '../gemini/gemini-stream-decoder';

/**
 * A Vertex stream is Gemini's SSE (`data:` events only) for Google's models or Anthropic's SSE
 * (every event named, the first `event: message_start`) for Claude, and the parts decoder is
 * asked for before the model is known to it. The first line tells them apart: the text is held
 * until it does, then the right decoder (the gemini or anthropic adapter's own) gets it all.
 */
export class VertexStreamDecoder implements StreamPartsDecoder {
  private inner: StreamPartsDecoder | undefined;
  private held = '';

  push(text: string): StreamPart[] {
    if (this.inner) return this.inner.push(text);
    this.held += text;
    const start = this.held.trimStart();
    if (start.length < 'event:'.length) return [];
    this.inner = start.startsWith('event:') ? new AnthropicStreamDecoder() : new GeminiStreamDecoder();
    const held = this.held;
    this.held = '';
    return this.inner.push(held);
  }

  end(): StreamPart[] {
    if (!this.inner) {
      if (this.held.trim().length === 0) return [];
      this.inner = new GeminiStreamDecoder();
      const held = this.held;
      this.held = '';
      return [...this.inner.push(held), ...this.inner.end()];
    }
    return this.inner.end();
  }
}
