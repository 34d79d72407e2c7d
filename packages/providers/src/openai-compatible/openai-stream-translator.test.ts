import { describe, expect, it } from 'vitest';
import { OpenAIStreamTranslator } from './openai-stream-translator';

const HEAD = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[';
const chunk = (delta: string, finish = 'null', tail = ',"usage":null') =>
  `data: ${HEAD}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]${tail}}\n\n`;
const role = chunk('{"role":"assistant","content":""}');

function translator(includeUsage = false): OpenAIStreamTranslator {
  return new OpenAIStreamTranslator({ id: 'x', created: 1, model: 'm', includeUsage });
}

/** What a JSON.parse of every chunk delivers: the reference the scan must agree with. */
function parsedContent(events: string[]): string {
  let text = '';
  for (const event of events) {
    const data = JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: unknown } }[] };
    for (const choice of data.choices ?? []) if (typeof choice.delta?.content === 'string') text += choice.delta.content;
  }
  return text;
}

describe('OpenAIStreamTranslator scan', () => {
  it('counts and samples the delivered text exactly, escapes and key-like text included', () => {
    const pieces = [
      'plain',
      'line\nbreak',
      'say "hi"',
      'back\\slash\\',
      'é ✓ \u2028',
      'a"content',
      'x"finish_reason":"stop',
      '"error"',
    ];
    const events = [role, ...pieces.map((piece) => chunk(`{"content":${JSON.stringify(piece)}}`))];
    const stream = translator(true);
    let output = '';
    for (const event of events) output += stream.push(event);
    expect(output).toBe(events.join(''));
    expect(stream.deliveredSample).toBe(parsedContent(events));
    expect(stream.deliveredCharacters).toBe(parsedContent(events).length);
    // Text that spells a key is not mistaken for one.
    expect(stream.upstreamError).toBeUndefined();
    expect(stream.end()).toBe('');
    expect(stream.done).toBe(false);
  });

  it('cuts "usage":null out of the bytes wherever it sits, and keeps it for a client that asked', () => {
    const last = chunk('{"content":"Hi"}');
    const first = `data: {"usage":null,${HEAD}{"index":0,"delta":{"content":"Yo"},"finish_reason":null}]}\n\n`;
    const spaced = `data: ${HEAD}{"index":0,"delta":{"content":"Hey"},"finish_reason": null}], "usage" : null}\n\n`;
    const hidden = translator(false);
    expect(hidden.push(role + last + first)).toBe(
      role.replace(',"usage":null', '') + last.replace(',"usage":null', '') + first.replace('"usage":null,', ''),
    );
    const hiddenSpaced = hidden.push(spaced);
    expect(hiddenSpaced).not.toContain('usage');
    expect(JSON.parse(hiddenSpaced.slice(6))).toEqual(JSON.parse(spaced.slice(6).replace(', "usage" : null', '')));
    expect(hidden.deliveredSample).toBe('HiYoHey');
    const asked = translator(true);
    expect(asked.push(role + last + first + spaced)).toBe(role + last + first + spaced);
  });

  it('reads the finish, the usage chunk, errors, tool calls and reasoning whatever their spelling', () => {
    const finished = translator(false);
    finished.push(role + chunk('{"content":"A"}') + chunk('{}', ' "stop"'));
    const usage = `data: ${HEAD}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\n`;
    expect(finished.push(usage)).toBe('');
    expect(finished.usage).toMatchObject({ inputTokens: 3, outputTokens: 1 });
    expect(finished.end()).toBe('data: [DONE]\n\n');
    expect(finished.done).toBe(true);

    const tools = translator(true);
    tools.push(role);
    tools.push(chunk('{"tool_calls":[{"index":0,"function":{"arguments":"{\\"a\\":1}"}}]}'));
    tools.push(chunk('{"content":null,"reasoning_content":"think"}'));
    expect(tools.deliveredSample).toBe('{"a":1}think');

    const failing = translator(false);
    failing.push(role + chunk('{"content":"A"}'));
    const frame = failing.push('data: {"error":{"message":"overloaded","code":502}}\n\n');
    expect(frame).toContain('"error"');
    expect(failing.upstreamError?.message).toBe('overloaded');

    // An n > 1 stream has a finish_reason per choice: read in full, each finish seen.
    const several = translator(true);
    several.push(role);
    // A chunk that is not JSON is dropped, as the full parse always did.
    expect(several.push(`data: ${HEAD}{"index":0,"delta":{"content":"bad \\x escape"},"finish_reason":null}]}\n\n`)).toBe('');
    several.push(
      `data: ${HEAD}{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":"stop"}]}\n\n`,
    );
    expect(several.deliveredSample).toBe('ab');
    expect(several.end()).toBe('data: [DONE]\n\n');
  });
});
