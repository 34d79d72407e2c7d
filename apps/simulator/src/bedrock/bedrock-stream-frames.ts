import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamFrame } from '../plan-stream-batches';
import { type BedrockAnswer, bedrockUsage, SIMULATED_REASONING_SIGNATURE } from './bedrock-answer';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One event-stream message (prelude, typed headers, payload, CRCs) as latin1 text, one character per byte. */
export function eventStreamMessage(messageType: 'event' | 'exception', type: string, payload: unknown): string {
  const bytes = codec.encode({
    headers: {
      ':message-type': { type: 'string', value: messageType },
      [messageType === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
  return Buffer.from(bytes).toString('latin1');
}

// Bedrock pads every payload with a random-length `p` field so sizes leak nothing; a fixed one here.
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';

/**
 * ConverseStream's events for one answer: messageStart; with thinking, the reasoning deltas and
 * their signature in block 0; then the text deltas, or a tool use's contentBlockStart and its
 * input deltas; contentBlockStop; messageStop with the stop reason; metadata with the usage.
 * With `exception`, the exception frame follows the content and ends the stream.
 */
export function bedrockStreamFrames(answer: BedrockAnswer, exception?: { type: string; message: string }): StreamFrame[] {
  const { template } = answer;
  const frames: StreamFrame[] = [];
  const event = (type: string, payload: Record<string, unknown>, content = false, usage = false) =>
    frames.push({ text: eventStreamMessage('event', type, { p: PADDING, ...payload }), content, usage });
  event('messageStart', { role: 'assistant' });
  let block = 0;
  if (answer.thinking && template.reasoning !== undefined) {
    for (const piece of template.reasoningPieces) {
      event('contentBlockDelta', { contentBlockIndex: block, delta: { reasoningContent: { text: piece } } }, true);
    }
    event('contentBlockDelta', {
      contentBlockIndex: block,
      delta: { reasoningContent: { signature: SIMULATED_REASONING_SIGNATURE } },
    });
    event('contentBlockStop', { contentBlockIndex: block });
    block++;
  }
  const toolCall = template.toolCall;
  if (toolCall) {
    event('contentBlockStart', {
      contentBlockIndex: block,
      start: { toolUse: { toolUseId: answer.toolUseId, name: toolCall.name } },
    });
    for (const piece of toolCall.argumentPieces) {
      event('contentBlockDelta', { contentBlockIndex: block, delta: { toolUse: { input: piece } } }, true);
    }
  } else {
    for (const piece of template.textPieces)
      event('contentBlockDelta', { contentBlockIndex: block, delta: { text: piece } }, true);
  }
  if (exception) {
    frames.push({
      text: eventStreamMessage('exception', exception.type, { message: exception.message }),
      content: false,
      usage: false,
    });
    return frames;
  }
  event('contentBlockStop', { contentBlockIndex: block });
  event('messageStop', { stopReason: toolCall ? 'tool_use' : 'end_turn' });
  event('metadata', { usage: bedrockUsage(answer.usage), metrics: { latencyMs: 1 } }, false, true);
  return frames;
}
