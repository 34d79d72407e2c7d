import { AZURE_PROMPT_FILTER_RESULTS, AZURE_SAFE_FILTER_RESULTS } from '../azure-openai/azure-content-filter';
import type { OpenAIAnswer } from './openai-answer';
import { openAIUsage } from './openai-usage';

/** The whole `chat.completion` body, as OpenAI (and DeepSeek, Azure) send it. */
export function openAIChatCompletion(answer: OpenAIAnswer): string {
  const { template } = answer;
  const toolCall = template.toolCall;
  const message: Record<string, unknown> = { role: 'assistant', content: toolCall ? null : template.text };
  if (template.reasoning !== undefined) message.reasoning_content = template.reasoning;
  if (toolCall) {
    message.tool_calls = [
      { id: answer.toolCallId, type: 'function', function: { name: toolCall.name, arguments: toolCall.argumentsJson } },
    ];
  }
  message.refusal = null;
  message.annotations = [];
  const choice: Record<string, unknown> = {
    index: 0,
    message,
    logprobs: null,
    finish_reason: toolCall ? 'tool_calls' : 'stop',
  };
  if (answer.azure) choice.content_filter_results = AZURE_SAFE_FILTER_RESULTS;
  const body: Record<string, unknown> = {
    id: answer.id,
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [choice],
    usage: openAIUsage(answer.usage, answer.deepSeek, answer.usageOverride),
    service_tier: 'default',
    system_fingerprint: 'fp_simulator',
  };
  if (answer.azure) body.prompt_filter_results = AZURE_PROMPT_FILTER_RESULTS;
  return JSON.stringify(body);
}
