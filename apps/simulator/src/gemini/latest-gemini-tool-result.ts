import { isRecord } from '../wire/is-record';

/** The last `functionResponse` part's response as JSON, or undefined when the contents have none. */
export function latestGeminiToolResult(contents: unknown[]): string | undefined {
  for (let index = contents.length - 1; index >= 0; index--) {
    const content = contents[index];
    if (!isRecord(content) || !Array.isArray(content.parts)) continue;
    for (let partIndex = content.parts.length - 1; partIndex >= 0; partIndex--) {
      const part = content.parts[partIndex];
      if (isRecord(part) && isRecord(part.functionResponse)) return JSON.stringify(part.functionResponse.response ?? {});
    }
  }
  return undefined;
}
