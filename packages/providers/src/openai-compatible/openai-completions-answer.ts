import { emptyUsage, type TokenUsage } from '@switchboard/protocol';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { convertOpenAIUsage } from './convert-openai-usage';

/** What the gateway reads from a whole native `text_completion`: its id, usage and text. */
export function openAICompletionsAnswer(body: string): { id: string | undefined; usage: TokenUsage; text: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('upstream returned a body that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamProtocolError('upstream returned JSON that is not an object');
  }
  const completion = parsed as { id?: unknown; usage?: unknown; choices?: unknown };
  let text = '';
  if (Array.isArray(completion.choices)) {
    for (const choice of completion.choices) {
      const piece = (choice as { text?: unknown } | null)?.text;
      if (typeof piece === 'string') text += piece;
    }
  }
  return {
    id: typeof completion.id === 'string' ? completion.id : undefined,
    usage: convertOpenAIUsage(completion.usage as Parameters<typeof convertOpenAIUsage>[0]) ?? emptyUsage(),
    text,
  };
}
