import { describe, expect, it } from 'vitest';
import { mergeBehaviour } from './merge-behaviour';
import { parseBehaviour } from './parse-behaviour';
import { DEFAULT_BEHAVIOUR } from './simulated-behaviour';

describe('parseBehaviour', () => {
  it('accepts known fields with the right types', () => {
    const parsed = parseBehaviour({ latencyMs: 5, errorStatus: 429, toolCall: { name: 'f', arguments: { a: 1 } }, hang: true });
    expect(parsed).toEqual({
      behaviour: { latencyMs: 5, errorStatus: 429, toolCall: { name: 'f', arguments: { a: 1 } }, hang: true },
    });
  });

  it('reads null as "back to the default"', () => {
    const parsed = parseBehaviour({ toolCall: null, errorStatus: null });
    expect(parsed).toEqual({ behaviour: { toolCall: undefined, errorStatus: undefined } });
    if (!('behaviour' in parsed)) throw new Error('expected a behaviour');
    const merged = mergeBehaviour(
      { ...DEFAULT_BEHAVIOUR, errorStatus: 500, toolCall: { name: 'f', arguments: {} } },
      parsed.behaviour,
    );
    expect(merged.errorStatus).toBeNull();
    expect('toolCall' in merged).toBe(false);
  });

  it('names the field that is wrong', () => {
    expect(parseBehaviour({ chunkCount: -1 })).toEqual({ problem: 'behaviour.chunkCount must be an integer >= 0' });
    expect(parseBehaviour({ errorStatus: 200 })).toEqual({ problem: 'behaviour.errorStatus must be a status 400-599' });
    expect(parseBehaviour({ toolCall: { name: 'f' } })).toHaveProperty('problem');
    expect(parseBehaviour({ latency: 5 })).toEqual({ problem: "unknown behaviour field 'latency'" });
    expect(parseBehaviour([1])).toEqual({ problem: 'behaviour must be an object' });
  });
});
