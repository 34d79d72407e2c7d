import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error';
import { validateResponsesRequest } from './validate-responses-request';

function refusal(body: unknown): GatewayError {
  try {
    validateResponsesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('validateResponsesRequest', () => {
  it('accepts what Codex sends, unknown fields and item types included, and returns the body itself', () => {
    const body = {
      model: 'gpt-5-codex',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: read-only' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the bug' }] },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAA' },
        { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'README.md' },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_2', output: 'Done' },
        { type: 'local_shell_call', call_id: 'call_3', action: {} },
        { type: 'item_reference', id: 'msg_1' },
        { id: 'rs_2' },
      ],
      tools: [
        { type: 'function', name: 'shell', parameters: { type: 'object' }, strict: false },
        { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
        { type: 'namespace', name: 'mcp', tools: [{ type: 'function', name: 'read' }] },
        { type: 'web_search' },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'abc',
      text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } }, verbosity: 'low' },
      something_new: { a: 1 },
    };
    expect(validateResponsesRequest(body)).toBe(body);
    expect(validateResponsesRequest({ model: 'gpt-5', input: 'Hi' })).toEqual({ model: 'gpt-5', input: 'Hi' });
  });

  it('requires a model and an object body', () => {
    expect(refusal([])).toMatchObject({ status: 400, code: 'invalid_body' });
    expect(refusal({ input: 'x' })).toMatchObject({ param: 'model', code: 'missing_required_parameter' });
    expect(refusal({ model: '' })).toMatchObject({ param: 'model', code: 'invalid_type' });
  });

  it("names the item field in OpenAI's param style", () => {
    expect(refusal({ model: 'm', input: 5 })).toMatchObject({ param: 'input', code: 'invalid_type' });
    expect(refusal({ model: 'm', input: ['x'] })).toMatchObject({ param: 'input[0]' });
    const wrongContent = refusal({
      model: 'm',
      input: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'user', content: {} },
      ],
    });
    expect(wrongContent).toMatchObject({ param: 'input[2].content', code: 'invalid_type' });
    expect(wrongContent.message).toBe(
      "Invalid type for 'input[2].content': expected a string or an array of content parts, but got an object instead.",
    );
    expect(refusal({ model: 'm', input: [{ role: 'robot', content: 'x' }] })).toMatchObject({
      param: 'input[0].role',
      code: 'invalid_value',
    });
    expect(refusal({ model: 'm', input: [{ role: 'user', content: [{ text: 'x' }] }] })).toMatchObject({
      param: 'input[0].content[0].type',
    });
    expect(refusal({ model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f' }] })).toMatchObject({
      param: 'input[0].arguments',
      code: 'missing_required_parameter',
    });
    expect(refusal({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] })).toMatchObject({
      param: 'input[0].output',
    });
    expect(refusal({ model: 'm', input: [{ type: 'custom_tool_call', call_id: 'c', name: 'f', input: {} }] })).toMatchObject({
      param: 'input[0].input',
    });
    expect(refusal({ model: 'm', input: [{ type: 'reasoning', summary: 'x' }] })).toMatchObject({ param: 'input[0].summary' });
    expect(refusal({ model: 'm', input: [{ type: 'item_reference' }] })).toMatchObject({ param: 'input[0].id' });
    expect(refusal({ model: 'm', input: [{ content: 'x' }] })).toMatchObject({ param: 'input[0].type' });
  });

  it('checks the tools, tool_choice and text format the decoder reads', () => {
    expect(refusal({ model: 'm', tools: {} })).toMatchObject({ param: 'tools' });
    expect(refusal({ model: 'm', tools: [{ name: 'f' }] })).toMatchObject({ param: 'tools[0].type' });
    expect(refusal({ model: 'm', tools: [{ type: 'function' }] })).toMatchObject({ param: 'tools[0].name' });
    expect(refusal({ model: 'm', tools: [{ type: 'function', name: 'f', parameters: 'x' }] })).toMatchObject({
      param: 'tools[0].parameters',
    });
    expect(
      refusal({ model: 'm', tools: [{ type: 'custom', name: 'p', format: { type: 'grammar', syntax: 'lark' } }] }),
    ).toMatchObject({
      param: 'tools[0].format.definition',
    });
    expect(refusal({ model: 'm', tools: [{ type: 'namespace', name: 'n', tools: [{ type: 'function' }] }] })).toMatchObject({
      param: 'tools[0].tools[0].name',
    });
    expect(refusal({ model: 'm', tool_choice: 'always' })).toMatchObject({ param: 'tool_choice', code: 'invalid_value' });
    expect(refusal({ model: 'm', tool_choice: { type: 'function' } })).toMatchObject({ param: 'tool_choice.name' });
    expect(refusal({ model: 'm', tool_choice: { type: 'allowed_tools', mode: 'any', tools: [] } })).toMatchObject({
      param: 'tool_choice.mode',
    });
    expect(refusal({ model: 'm', text: { format: { type: 'json_schema', name: 'x' } } })).toMatchObject({
      param: 'text.format.schema',
    });
  });

  it('checks the scalar settings', () => {
    expect(refusal({ model: 'm', max_output_tokens: 0 })).toMatchObject({ param: 'max_output_tokens' });
    expect(refusal({ model: 'm', max_output_tokens: 1.5 })).toMatchObject({ param: 'max_output_tokens', code: 'invalid_type' });
    expect(refusal({ model: 'm', temperature: '1' })).toMatchObject({ param: 'temperature' });
    expect(refusal({ model: 'm', stream: 'yes' })).toMatchObject({ param: 'stream' });
    expect(refusal({ model: 'm', previous_response_id: 4 })).toMatchObject({ param: 'previous_response_id' });
    expect(refusal({ model: 'm', metadata: [] })).toMatchObject({ param: 'metadata' });
    expect(refusal({ model: 'm', reasoning: { effort: 3 } })).toMatchObject({ param: 'reasoning.effort' });
    expect(refusal({ model: 'm', include: 'reasoning.encrypted_content' })).toMatchObject({ param: 'include' });
    expect(refusal({ model: 'm', instructions: ['x'] })).toMatchObject({ param: 'instructions' });
  });
});
