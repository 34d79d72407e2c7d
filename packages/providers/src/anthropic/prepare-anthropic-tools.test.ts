import type { FunctionTool } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { prepareAnthropicTools } from './prepare-anthropic-tools';

const weather: FunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather in a given location',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};
const clock: FunctionTool = { type: 'function', function: { name: 'get_time' } };

describe('prepareAnthropicTools', () => {
  it('maps functions to name, description and input_schema', () => {
    expect(prepareAnthropicTools({ tools: [weather, clock] }).tools).toEqual([
      {
        name: 'get_weather',
        description: 'Get the current weather in a given location',
        input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
      },
      { name: 'get_time', input_schema: { type: 'object', properties: {} } },
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { type: 'tool', name: 'get_weather' },
    ],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    expect(prepareAnthropicTools({ tools: [weather], tool_choice: choice }).tool_choice).toEqual(expected);
  });

  it('sends no tool_choice when the client gave none', () => {
    expect(prepareAnthropicTools({ tools: [weather] })).not.toHaveProperty('tool_choice');
  });

  it('turns parallel_tool_calls:false into disable_parallel_tool_use on the choice', () => {
    expect(prepareAnthropicTools({ tools: [weather], tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(prepareAnthropicTools({ tools: [weather], parallel_tool_calls: false }).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(prepareAnthropicTools({ tools: [weather], parallel_tool_calls: true }).tool_choice).toBeUndefined();
  });

  it('sends neither tools nor tool_choice without tools', () => {
    expect(prepareAnthropicTools({ tools: [], tool_choice: 'auto' })).toEqual({});
    expect(prepareAnthropicTools({ tool_choice: 'none' })).toEqual({});
  });

  it('rejects tools that are not functions', () => {
    expect(() => prepareAnthropicTools({ tools: [{ type: 'web_search' } as unknown as FunctionTool] })).toThrow(/function tools/);
  });
});
