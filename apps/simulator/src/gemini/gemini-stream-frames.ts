import type { StreamFrame } from '../plan-stream-batches';
import type { GeminiAnswer } from './gemini-answer';
import { geminiPartialUsageMetadata, geminiUsageMetadata } from './gemini-usage-metadata';

/**
 * streamGenerateContent: one `GenerateContentResponse` per piece (thoughts when asked for, then
 * text; a function call arrives whole in one chunk, as Gemini sends it), then a last chunk with
 * `finishReason` and the full usage. `sse` frames them as `data: ...\r\n\r\n` (Gemini uses CRLF);
 * without `alt=sse` the body is one JSON array.
 */
export function geminiStreamFrames(answer: GeminiAnswer, sse: boolean): StreamFrame[] {
  const { template } = answer;
  const tail = `,"modelVersion":${JSON.stringify(answer.model)},"responseId":"${answer.responseId}"}`;
  const partialUsage = JSON.stringify(geminiPartialUsageMetadata(answer.usage));
  const frames: StreamFrame[] = [];
  const add = (json: string, content: boolean, usage: boolean): void => {
    let text: string;
    if (sse) text = `data: ${json}\r\n\r\n`;
    else text = frames.length === 0 ? `[${json}` : `,\r\n${json}`;
    frames.push({ text, content, usage });
  };
  const chunk = (parts: string): string =>
    `{"candidates":[{"content":{"parts":${parts},"role":"model"},"index":0}],"usageMetadata":${partialUsage}${tail}`;

  if (answer.includeThoughts) {
    for (const piece of template.reasoningPieces) add(chunk(`[{"text":${JSON.stringify(piece)},"thought":true}]`), true, false);
  }
  const toolCall = template.toolCall;
  if (toolCall) {
    add(chunk(JSON.stringify([{ functionCall: { name: toolCall.name, args: toolCall.arguments } }])), true, false);
  } else {
    for (const piece of template.textPieces) add(chunk(`[{"text":${JSON.stringify(piece)}}]`), true, false);
  }
  const last = `{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":${JSON.stringify(geminiUsageMetadata(answer.usage))}${tail}`;
  add(last, false, true);
  if (!sse) frames.push({ text: ']', content: false, usage: false });
  return frames;
}
