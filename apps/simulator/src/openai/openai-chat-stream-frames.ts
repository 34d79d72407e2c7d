import { AZURE_PROMPT_FILTER_RESULTS } from '../azure-openai/azure-content-filter';
import type { StreamFrame } from '../plan-stream-batches';
import type { OpenAIAnswer } from './openai-answer';
import { openAIUsage } from './openai-usage';

const AZURE_PROMPT_FILTER_FRAME = `data: ${JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS,
})}\n\n`;

/**
 * The `chat.completion.chunk` events of a streamed answer: a role chunk, the reasoning pieces
 * (DeepSeek `reasoning_content`), then text or tool-call argument pieces, a finish chunk, the
 * usage chunk with `choices: []` when include_usage was asked for, and `[DONE]`. With
 * include_usage every other chunk carries `"usage":null`, as OpenAI documents.
 */
export function openAIChatStreamFrames(answer: OpenAIAnswer, includeUsage: boolean): StreamFrame[] {
  const { template } = answer;
  const toolCall = template.toolCall;
  const head = `{"id":"${answer.id}","object":"chat.completion.chunk","created":${answer.created},"model":${JSON.stringify(answer.model)},"service_tier":"default","system_fingerprint":"fp_simulator","choices":[`;
  const tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const chunk = (delta: string, finishReason: string | null): string =>
    `data: ${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}${tail}`;
  const frames: StreamFrame[] = [];
  const add = (text: string, content: boolean): void => {
    frames.push({ text, content, usage: false });
  };
  const reasoning = template.reasoning !== undefined;
  const toolStart = toolCall
    ? `"tool_calls":[{"index":0,"id":"${answer.toolCallId}","type":"function","function":{"name":${JSON.stringify(toolCall.name)},"arguments":""}}]`
    : '';

  if (answer.azure) add(AZURE_PROMPT_FILTER_FRAME, false);
  if (reasoning) add(chunk('{"role":"assistant","content":null,"reasoning_content":""}', null), false);
  else if (toolCall) add(chunk(`{"role":"assistant","content":null,${toolStart},"refusal":null}`, null), false);
  else add(chunk('{"role":"assistant","content":"","refusal":null}', null), false);

  for (const piece of template.reasoningPieces)
    add(chunk(`{"content":null,"reasoning_content":${JSON.stringify(piece)}}`, null), true);

  if (toolCall) {
    if (reasoning) add(chunk(`{"content":null,${toolStart}}`, null), false);
    for (const piece of toolCall.argumentPieces) {
      add(chunk(`{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`, null), true);
    }
  } else {
    const extra = reasoning ? ',"reasoning_content":null' : '';
    for (const piece of template.textPieces) add(chunk(`{"content":${JSON.stringify(piece)}${extra}}`, null), true);
  }

  add(chunk('{}', toolCall ? 'tool_calls' : 'stop'), false);
  if (includeUsage) {
    const usage = JSON.stringify(openAIUsage(answer.usage, answer.deepSeek, answer.usageOverride));
    frames.push({ text: `data: ${head}],"usage":${usage}}\n\n`, content: false, usage: true });
  }
  add('data: [DONE]\n\n', false);
  return frames;
}
