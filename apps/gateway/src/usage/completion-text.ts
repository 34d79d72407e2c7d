import type { ChatCompletion } from '@switchboard/protocol';
import { SampledText } from '@switchboard/providers';

/**
 * The text a whole chat answer delivered (content, reasoning, tool-call arguments), sampled as a
 * stream's is, for estimating its output tokens when the provider's count is unusable.
 */
export function completionText(completion: ChatCompletion): SampledText {
  const text = new SampledText();
  for (const choice of completion.choices ?? []) {
    const message = choice.message;
    if (typeof message?.reasoning_content === 'string') text.add(message.reasoning_content);
    if (typeof message?.content === 'string') text.add(message.content);
    for (const call of message?.tool_calls ?? [])
      if (typeof call.function?.arguments === 'string') text.add(call.function.arguments);
  }
  return text;
}
