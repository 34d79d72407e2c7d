import type { StreamFrame } from '../plan-stream-batches';
import { type AnthropicAnswer, SIMULATED_THINKING_SIGNATURE } from './anthropic-answer';
import { anthropicUsage } from './anthropic-usage';

function event(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

/**
 * The documented event flow: message_start, then per content block content_block_start, deltas
 * and content_block_stop (a ping after the first block start), then message_delta with the stop
 * reason and cumulative usage, and message_stop. Thinking comes first as its own block, closed by
 * a signature_delta; a tool call is a tool_use block fed by input_json_delta pieces.
 */
export function anthropicStreamFrames(answer: AnthropicAnswer): StreamFrame[] {
  const { template } = answer;
  const frames: StreamFrame[] = [];
  const add = (name: string, data: string, content = false): void => {
    frames.push({ text: event(name, data), content, usage: false });
  };
  const startMessage = {
    type: 'message_start',
    message: {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: anthropicUsage(answer.usage, 1),
    },
  };
  add('message_start', JSON.stringify(startMessage));

  let index = 0;
  const startBlock = (block: Record<string, unknown>): void => {
    add('content_block_start', JSON.stringify({ type: 'content_block_start', index, content_block: block }));
    if (index === 0) add('ping', '{"type": "ping"}');
  };
  const delta = (body: Record<string, unknown>, content: boolean): void => {
    add('content_block_delta', JSON.stringify({ type: 'content_block_delta', index, delta: body }), content);
  };
  const stopBlock = (): void => {
    add('content_block_stop', `{"type":"content_block_stop","index":${index}}`);
    index++;
  };

  if (template.reasoning !== undefined) {
    startBlock({ type: 'thinking', thinking: '', signature: '' });
    for (const piece of template.reasoningPieces) delta({ type: 'thinking_delta', thinking: piece }, true);
    delta({ type: 'signature_delta', signature: SIMULATED_THINKING_SIGNATURE }, false);
    stopBlock();
  }
  const toolCall = template.toolCall;
  if (toolCall) {
    startBlock({ type: 'tool_use', id: answer.toolUseId, name: toolCall.name, input: {} });
    for (const piece of toolCall.argumentPieces) delta({ type: 'input_json_delta', partial_json: piece }, true);
  } else {
    startBlock({ type: 'text', text: '' });
    for (const piece of template.textPieces) delta({ type: 'text_delta', text: piece }, true);
  }
  stopBlock();

  const messageDelta = {
    type: 'message_delta',
    delta: { stop_reason: toolCall ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: anthropicUsage(answer.usage, answer.usage.outputTokens),
  };
  frames.push({ text: event('message_delta', JSON.stringify(messageDelta)), content: false, usage: true });
  add('message_stop', '{"type":"message_stop"}');
  return frames;
}
