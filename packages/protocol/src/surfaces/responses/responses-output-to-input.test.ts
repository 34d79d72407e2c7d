import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request';
import { responsesConversationItems } from './responses-output-to-input';
import type { ResponsesRequest } from './responses-types';
import { writeResponsesAnswer } from './write-responses-answer';

describe('responsesConversationItems', () => {
  const request: ResponsesRequest = {
    model: 'gpt-5',
    instructions: 'Be brief.',
    input: 'Weather in Paris?',
    tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }],
  };
  const response = writeResponsesAnswer(
    [
      { type: 'reasoning-delta', text: 'Need the tool.' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', reason: 'tool-calls' },
    ],
    { id: 'resp_one', model: 'gpt-5', createdAt: 1, request, customToolNames: [] },
  );

  it("is the request's input (a string as a user message) then the response's output, without the instructions", () => {
    expect(responsesConversationItems(request, response)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
      { type: 'reasoning', id: 'rs_one_0', summary: [{ type: 'summary_text', text: 'Need the tool.' }] },
      {
        type: 'function_call',
        id: 'fc_one_1',
        status: 'completed',
        call_id: 'call_a',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
    ]);
  });

  it('keeps item inputs as they were sent', () => {
    const items = [{ role: 'user' as const, content: 'Hi' }];
    expect(responsesConversationItems({ model: 'm', input: items }, { ...response, output: [] })).toEqual(items);
  });

  it('chains: the next turn replays the conversation, the tool output after its call', () => {
    const history = responsesConversationItems(request, response);
    const next = decodeResponsesRequest(
      {
        model: 'gpt-5',
        previous_response_id: 'resp_one',
        input: [{ type: 'function_call_output', call_id: 'call_a', output: '18C' }],
      },
      { headers: {}, history },
    );
    expect(next.chat.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need the tool.',
        tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
    ]);
    expect(next.droppedFields).toEqual([]);
  });
});
