import type { StreamFrame } from '../plan-stream-batches';
import { splitIntoPieces } from '../split-into-pieces';
import type { OpenAIResponsesAnswer } from './openai-responses-answer';
import { customToolInput, openAIResponseObject, responsesOutputItems } from './openai-responses-output';

/**
 * The documented event flow of a streamed response, each event named in an `event:` line and
 * numbered by `sequence_number` from 0: response.created and response.in_progress; per output
 * item output_item.added ... output_item.done, with reasoning_summary_part / _text events for
 * reasoning, content_part and output_text events for a message, function_call_arguments (or
 * custom_tool_call_input) events for a tool call; then response.completed with the usage.
 */
export function openAIResponsesStreamFrames(answer: OpenAIResponsesAnswer): StreamFrame[] {
  const { template } = answer;
  const frames: StreamFrame[] = [];
  const add = (body: Record<string, unknown> & { type: string }, content = false, usage = false): void => {
    const { type, ...fields } = body;
    const data = { type, sequence_number: frames.length, ...fields };
    frames.push({ text: `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`, content, usage });
  };
  const items = responsesOutputItems(answer);
  const done: Record<string, unknown>[] = [];

  add({ type: 'response.created', response: openAIResponseObject(answer, 'in_progress', []) });
  add({ type: 'response.in_progress', response: openAIResponseObject(answer, 'in_progress', []) });

  if (items.reasoning) {
    const output_index = done.length;
    const item_id = items.reasoning.id;
    const reasoning = template.reasoning ?? '';
    add({ type: 'response.output_item.added', output_index, item: { ...items.reasoning, summary: [] } });
    const summary = { output_index, item_id, summary_index: 0 };
    add({ type: 'response.reasoning_summary_part.added', ...summary, part: { type: 'summary_text', text: '' } });
    for (const delta of template.reasoningPieces) add({ type: 'response.reasoning_summary_text.delta', ...summary, delta }, true);
    add({ type: 'response.reasoning_summary_text.done', ...summary, text: reasoning });
    add({ type: 'response.reasoning_summary_part.done', ...summary, part: { type: 'summary_text', text: reasoning } });
    add({ type: 'response.output_item.done', output_index, item: items.reasoning });
    done.push(items.reasoning);
  }

  const output_index = done.length;
  const item = items.answer;
  const item_id = item.id;
  const toolCall = template.toolCall;
  if (toolCall && item.type === 'custom_tool_call') {
    add({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', input: '' } });
    const input = customToolInput(answer);
    // The free-form input is split like any other answer: chunkCount pieces.
    const pieces =
      toolCall.argumentsJson === input ? toolCall.argumentPieces : splitIntoPieces(input, toolCall.argumentPieces.length);
    for (const delta of pieces) add({ type: 'response.custom_tool_call_input.delta', output_index, item_id, delta }, true);
    add({ type: 'response.custom_tool_call_input.done', output_index, item_id, input });
  } else if (toolCall) {
    add({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } });
    for (const delta of toolCall.argumentPieces) {
      add({ type: 'response.function_call_arguments.delta', output_index, item_id, delta }, true);
    }
    add({
      type: 'response.function_call_arguments.done',
      output_index,
      item_id,
      name: toolCall.name,
      arguments: toolCall.argumentsJson,
    });
  } else {
    add({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', content: [] } });
    const part = { output_index, item_id, content_index: 0 };
    const empty = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    add({ type: 'response.content_part.added', ...part, part: empty });
    for (const delta of template.textPieces) add({ type: 'response.output_text.delta', ...part, delta, logprobs: [] }, true);
    add({ type: 'response.output_text.done', ...part, text: template.text, logprobs: [] });
    add({ type: 'response.content_part.done', ...part, part: { ...empty, text: template.text } });
  }
  add({ type: 'response.output_item.done', output_index, item });
  done.push(item);

  add({ type: 'response.completed', response: openAIResponseObject(answer, 'completed', done) }, false, true);
  return frames;
}
