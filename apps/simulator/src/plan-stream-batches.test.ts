import { describe, expect, it } from 'vitest';
import { planStreamBatches, type StreamFrame } from './plan-stream-batches';

const frame = (text: string, content = false, usage = false): StreamFrame => ({ text, content, usage });

// start, c1, between, c2, c3, finish, usage, done
const frames = [
  frame('S'),
  frame('1', true),
  frame('b'),
  frame('2', true),
  frame('3', true),
  frame('F'),
  frame('U', false, true),
  frame('D'),
];

describe('planStreamBatches', () => {
  it('opens with everything up to the first content frame and starts a write per later content frame', () => {
    const plan = planStreamBatches(frames, null, false);
    expect(plan.cut).toBe(false);
    expect(plan.batches.map((batch) => batch.text)).toEqual(['S1b', '2', '3FUD']);
    expect(plan.batches.map((batch) => batch.contentCount)).toEqual([1, 1, 1]);
    expect(plan.batches.map((batch) => batch.carriesUsage)).toEqual([false, false, true]);
  });

  it('folds everything into one write when there is no gap', () => {
    const plan = planStreamBatches(frames, null, true);
    expect(plan.batches).toEqual([{ text: 'S1b23FUD', contentCount: 3, carriesUsage: true }]);
  });

  it('stops right after the Nth content frame when cutting', () => {
    expect(planStreamBatches(frames, 2, false)).toEqual({
      batches: [
        { text: 'S1b', contentCount: 1, carriesUsage: false },
        { text: '2', contentCount: 1, carriesUsage: false },
      ],
      cut: true,
    });
  });

  it('cuts before any content for 0 and after all content (before finish and usage) for the content count', () => {
    expect(planStreamBatches(frames, 0, true)).toEqual({
      batches: [{ text: 'S', contentCount: 0, carriesUsage: false }],
      cut: true,
    });
    expect(planStreamBatches(frames, 3, true)).toEqual({
      batches: [{ text: 'S1b23', contentCount: 3, carriesUsage: false }],
      cut: true,
    });
  });

  it('never cuts when the answer has fewer content frames than the cut point', () => {
    const plan = planStreamBatches(frames, 4, true);
    expect(plan.cut).toBe(false);
    expect(plan.batches[0]!.text).toBe('S1b23FUD');
  });
});
