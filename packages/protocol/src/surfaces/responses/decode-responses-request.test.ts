import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error';
import { decodeResponsesRequest, hostedToolsRefusal, responsesItemReferenceIds } from './decode-responses-request';
import type { ResponsesInputItem, ResponsesRequest } from './responses-types';
import { validateResponsesRequest } from './validate-responses-request';

function decode(body: Partial<ResponsesRequest>, context: Partial<Parameters<typeof decodeResponsesRequest>[1]> = {}) {
  return decodeResponsesRequest({ model: 'gpt-5', ...body } as ResponsesRequest, { headers: {}, ...context });
}

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('decodeResponsesRequest', () => {
  it('reads a string input as one user message after the instructions, and keeps the body for native upstreams', () => {
    const body = { model: 'gpt-5', instructions: 'Be brief.', input: 'Hello', store: false } as ResponsesRequest;
    const decoded = decodeResponsesRequest(body, { headers: { 'OpenAI-Beta': 'responses=experimental', authorization: 'x' } });
    expect(decoded.surface).toBe('responses');
    expect(decoded.chat).toEqual({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(decoded.native).toEqual({ format: 'openai-responses', body, headers: { 'openai-beta': 'responses=experimental' } });
    expect(decoded.droppedFields).toEqual([]);
    expect(decoded.customToolNames).toEqual([]);
    expect(decoded.hostedTools).toEqual([]);
  });

  it('turns developer and system messages into system messages and user parts into content parts', () => {
    const decoded = decode({
      input: [
        { role: 'developer', content: 'Answer in French.' },
        { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be kind.' }] },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'high' },
            { type: 'input_file', filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
            { type: 'input_image', file_id: 'file-123', detail: 'auto' },
          ],
        },
      ],
    });
    expect(decoded.chat.messages).toEqual([
      { role: 'system', content: 'Answer in French.' },
      { role: 'system', content: 'Be kind.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
          { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
        ],
      },
    ]);
    expect(decoded.droppedFields).toEqual(['input[2].content[3] (input_image file_id)']);
  });

  it('replays a tool loop: assistant text and function calls in one turn, outputs as tool messages', () => {
    const decoded = decode({
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'Two cities, two calls.' }],
          encrypted_content: 'gAAAA...',
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking both.' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', id: 'fc_2', call_id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_a', output: '18C' },
        { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '24C' }] },
      ],
    });
    expect(decoded.chat.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        reasoning_content: 'Two cities, two calls.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
      { role: 'tool', tool_call_id: 'call_b', content: '24C' },
    ]);
    expect(decoded.droppedFields).toEqual(['input[1].encrypted_content']);
  });

  it('names reasoning it cannot give back: by id only, or with no assistant turn after it', () => {
    const decoded = decode({
      input: [
        { type: 'reasoning', id: 'rs_only', summary: [] },
        { role: 'assistant', content: 'Hi' },
        { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'Late.' }] },
        { role: 'user', content: 'And?' },
      ],
    });
    expect(decoded.chat.messages).toEqual([
      { role: 'assistant', content: 'Hi' },
      { role: 'user', content: 'And?' },
    ]);
    expect(decoded.droppedFields).toEqual(['input[0].id (reasoning)', 'input[2] (reasoning without a following assistant turn)']);
  });

  it('carries images of a tool output in a user message after the tool messages', () => {
    const decoded = decode({
      input: [
        { type: 'function_call', call_id: 'call_s', name: 'screenshot', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'call_s',
          output: [
            { type: 'input_text', text: 'Done.' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBOR' },
          ],
        },
        { role: 'user', content: 'What do you see?' },
      ],
    });
    expect(decoded.chat.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_s', content: 'Done.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments of the result of tool call call_s:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
        ],
      },
      { role: 'user', content: 'What do you see?' },
    ]);
  });

  it('sends custom tools as functions with one string argument and maps their calls both ways', () => {
    const decoded = decode({
      tools: [
        {
          type: 'custom',
          name: 'apply_patch',
          description: 'Edit files.',
          format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch"' },
        },
      ],
      input: [
        { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Applied.' },
      ],
    });
    expect(decoded.customToolNames).toEqual(['apply_patch']);
    expect(decoded.chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description: 'Edit files.\n\nThe input must match this lark grammar:\nstart: "*** Begin Patch"',
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: 'The raw input of the tool, free-form text.' } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(decoded.chat.messages).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_p', content: 'Applied.' },
    ]);
    expect(decoded.droppedFields).toEqual(['tools[0].format (grammar not enforced)']);
  });

  it('flattens namespace tools into functions named namespace__name, calls included', () => {
    const decoded = decode({
      tools: [
        {
          type: 'namespace',
          name: 'crm',
          description: 'CRM tools',
          tools: [
            { type: 'function', name: 'lookup', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
            { type: 'custom', name: 'note' },
          ],
        },
      ],
      input: [{ type: 'function_call', call_id: 'call_n', name: 'lookup', namespace: 'crm', arguments: '{"id":"1"}' }],
    });
    expect(decoded.chat.tools?.map((tool) => tool.function.name)).toEqual(['crm__lookup', 'crm__note']);
    expect(decoded.customToolNames).toEqual(['crm__note']);
    expect(decoded.chat.messages[0]?.tool_calls?.[0]?.function.name).toBe('crm__lookup');
  });

  it('keeps function tools with their schema and strictness, and the tool settings', () => {
    const decoded = decode({
      input: 'Hi',
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true }],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
    });
    expect(decoded.chat.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true },
      },
    ]);
    expect(decoded.chat.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(decoded.chat.parallel_tool_calls).toBe(false);
  });

  it('narrows the tools to allowed_tools and keeps its mode', () => {
    const decoded = decode({
      input: 'Hi',
      tools: [
        { type: 'function', name: 'a' },
        { type: 'function', name: 'b' },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }] },
    });
    expect(decoded.chat.tools?.map((tool) => tool.function.name)).toEqual(['b']);
    expect(decoded.chat.tool_choice).toBe('required');
  });

  it('drops hosted tools with a note and keeps their types for the gateway', () => {
    const decoded = decode({
      input: 'News?',
      tools: [
        { type: 'web_search' },
        { type: 'function', name: 'f' },
        { type: 'web_search' },
        { type: 'file_search', vector_store_ids: [] },
      ],
      tool_choice: 'auto',
    });
    expect(decoded.hostedTools).toEqual(['web_search', 'file_search']);
    expect(decoded.chat.tools?.map((tool) => tool.function.name)).toEqual(['f']);
    expect(decoded.droppedFields).toEqual(['tools[0] (web_search)', 'tools[2] (web_search)', 'tools[3] (file_search)']);
    expect(hostedToolsRefusal(decoded)).toMatchObject({ status: 400, param: 'tools' });
  });

  it('refuses a tool_choice that forces a hosted tool, naming tool_choice', () => {
    const error = refusal(() =>
      decode({ input: 'x', tools: [{ type: 'web_search_preview' }], tool_choice: { type: 'web_search_preview' } }),
    );
    expect(error).toMatchObject({ status: 400, param: 'tool_choice', type: 'invalid_request_error' });
    expect(refusal(() => decode({ input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' })).param).toBe(
      'tool_choice',
    );
  });

  it('leaves a forced hosted tool to the gateway when asked to', () => {
    const decoded = decode(
      { input: 'x', tools: [{ type: 'web_search_preview' }], tool_choice: { type: 'web_search_preview' } },
      { deferHostedToolRefusal: true },
    );
    expect(decoded.hostedToolChoice).toBe('web_search_preview');
    expect(decoded.chat.tool_choice).toBeUndefined();
    expect(hostedToolsRefusal(decoded)).toMatchObject({ param: 'tool_choice' });
  });

  it('maps reasoning effort, structured output, limits, sampling, cache key, user and streaming', () => {
    const decoded = decode({
      input: 'Hi',
      reasoning: { effort: 'xhigh', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      prompt_cache_key: 'thread-1',
      safety_identifier: 'user-hash',
      metadata: { ticket: '42' },
      stream: true,
      truncation: 'auto',
      include: ['reasoning.encrypted_content'],
      store: false,
      previous_response_id: 'resp_prev',
      client_metadata: { session: 'a' },
      service_tier: 'flex',
    });
    expect(decoded.reasoning).toEqual({ enabled: true, effort: 'high' });
    expect(decoded.chat).toMatchObject({
      reasoning_effort: 'xhigh',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      max_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      prompt_cache_key: 'thread-1',
      user: 'user-hash',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(decoded.chat.metadata).toBeUndefined();
    expect(decoded.metadata).toEqual({ ticket: '42' });
    expect(decoded.droppedFields).toEqual([
      'text.verbosity',
      'truncation',
      'include (reasoning.encrypted_content)',
      'service_tier',
    ]);
  });

  it('reads effort none as reasoning off and json_object as JSON mode; user wins over safety_identifier', () => {
    const decoded = decode({
      input: 'Hi',
      reasoning: { effort: 'none' },
      text: { format: { type: 'json_object' } },
      user: 'u1',
      safety_identifier: 's1',
    });
    expect(decoded.reasoning).toEqual({ enabled: false });
    expect(decoded.chat.response_format).toEqual({ type: 'json_object' });
    expect(decoded.chat.user).toBe('u1');
  });

  it('prepends the stored conversation of previous_response_id after the instructions', () => {
    const history: ResponsesInputItem[] = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
      { type: 'reasoning', id: 'rs_prev_0', summary: [{ type: 'summary_text', text: 'Need the tool.' }] },
      { type: 'function_call', id: 'fc_prev_1', status: 'completed', call_id: 'call_a', name: 'get_weather', arguments: '{}' },
    ];
    const decoded = decode(
      {
        instructions: 'Be brief.',
        previous_response_id: 'resp_prev',
        input: [{ type: 'function_call_output', call_id: 'call_a', output: '18C' }],
      },
      { history },
    );
    expect(decoded.chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need the tool.',
        tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
    ]);
  });

  it('resolves item_reference from the history or the referenced items, else refuses naming it', () => {
    const history: ResponsesInputItem[] = [{ type: 'message', id: 'msg_h', role: 'assistant', content: 'Earlier.' }];
    const referencedItems: ResponsesInputItem[] = [
      { type: 'reasoning', id: 'rs_x', summary: [{ type: 'summary_text', text: 'Thought.' }] },
    ];
    const decoded = decode(
      {
        input: [{ type: 'item_reference', id: 'rs_x' }, { id: 'msg_h' }],
      },
      { history, referencedItems },
    );
    expect(decoded.chat.messages).toEqual([
      { role: 'assistant', content: 'Earlier.' },
      { role: 'assistant', content: 'Earlier.', reasoning_content: 'Thought.' },
    ]);
    const error = refusal(() =>
      decode({
        input: [
          { role: 'user', content: 'a' },
          { type: 'item_reference', id: 'rs_gone' },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 400, param: 'input[1].id' });
    expect(error.message).toContain("'rs_gone'");
  });

  it('drops a reference in the stored chain that cannot be resolved any more, instead of refusing', () => {
    const decoded = decode({ input: 'Next' }, { history: [{ type: 'item_reference', id: 'rs_old' }] });
    expect(decoded.chat.messages).toEqual([{ role: 'user', content: 'Next' }]);
    expect(decoded.droppedFields).toEqual(['history[0] (item_reference rs_old not found)']);
  });

  it('names hosted tool calls in the input, which only OpenAI can replay', () => {
    const decoded = decode({
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(decoded.chat.messages).toEqual([{ role: 'user', content: 'Thanks' }]);
    expect(decoded.droppedFields).toEqual(['input[0] (web_search_call)']);
  });
});

describe('responsesItemReferenceIds', () => {
  it('lists the ids the input references, typed or bare', () => {
    expect(
      responsesItemReferenceIds({
        model: 'm',
        input: [{ type: 'item_reference', id: 'rs_1' }, { id: 'msg_2' }, { role: 'user', content: 'x', id: 'msg_3' }],
      }),
    ).toEqual(['rs_1', 'msg_2']);
    expect(responsesItemReferenceIds({ model: 'm', input: 'x' })).toEqual([]);
  });
});

describe('decodeResponsesRequest, tools as Codex sends them', () => {
  it("takes the tools of an `additional_tools` input item into the tool list (Codex's newest model names)", () => {
    const body = validateResponsesRequest({
      model: 'gpt-6',
      input: [
        {
          type: 'additional_tools',
          role: 'developer',
          tools: [
            { type: 'namespace', name: 'code', tools: [{ type: 'function', name: 'exec', parameters: { type: 'object' } }] },
            { type: 'function', name: 'clock', parameters: { type: 'object', properties: {} } },
          ],
        },
        { type: 'message', role: 'user', content: 'What time is it?' },
      ],
    });
    const decoded = decodeResponsesRequest(body, { headers: {} });
    expect(decoded.chat.tools?.map((tool) => tool.function.name)).toEqual(['code__exec', 'clock']);
    expect(decoded.chat.messages).toEqual([{ role: 'user', content: 'What time is it?' }]);
    expect(decoded.droppedFields.some((field) => field.startsWith('input[0]'))).toBe(false);
  });

  it('drops a tool the client runs itself (tool_search) with a note instead of refusing it as hosted', () => {
    const body = validateResponsesRequest({
      model: 'gpt-5.5',
      input: 'hi',
      tools: [
        { type: 'tool_search', execution: 'client' },
        { type: 'function', name: 'exec_command', parameters: { type: 'object' } },
      ],
    });
    const decoded = decodeResponsesRequest(body, { headers: {} });
    expect(decoded.hostedTools).toEqual([]);
    expect(decoded.chat.tools?.map((tool) => tool.function.name)).toEqual(['exec_command']);
    expect(decoded.droppedFields).toContain('tools[0] (tool_search, run by the client)');
  });
});
