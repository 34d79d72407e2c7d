import { describe, expect, it } from 'vitest';
import { addCostToUsage } from './add-cost-to-usage';

describe('addCostToUsage', () => {
  it('adds the cost in USD to the usage object and keeps the rest byte for byte', () => {
    const body = '{"id":"x","choices":[],"usage": {"prompt_tokens":10,"completion_tokens":5}}';
    const result = addCostToUsage(body, 28_000_000);
    expect(result).toBe('{"id":"x","choices":[],"usage": {"cost":0.000028,"prompt_tokens":10,"completion_tokens":5}}');
    expect(JSON.parse(result).usage.cost).toBe(0.000028);
  });

  it('handles an empty usage object, pretty-printed answers and a usage key inside message text', () => {
    expect(JSON.parse(addCostToUsage('{"usage":{ }}', 1_500_000_000_000)).usage).toEqual({ cost: 1.5 });
    const pretty = '{\n  "message": "say \\"usage\\": {no}",\n  "usage" : {\n    "total_tokens": 3\n  }\n}';
    const parsed = JSON.parse(addCostToUsage(pretty, 0));
    expect(parsed).toEqual({ message: 'say "usage": {no}', usage: { cost: 0, total_tokens: 3 } });
  });

  it('shows a cost below a micro-dollar exactly instead of 0', () => {
    expect(JSON.parse(addCostToUsage('{"usage":{}}', 100_000)).usage.cost).toBe(0.0000001);
    expect(addCostToUsage('{"usage":{}}', 1_682_000_000)).toBe('{"usage":{"cost":0.001682}}');
  });

  it('leaves an answer without usage unchanged', () => {
    expect(addCostToUsage('{"data":[]}', 5_000_000)).toBe('{"data":[]}');
  });
});
