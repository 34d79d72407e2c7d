import { describe, expect, it } from 'vitest';
import { ResponsesEventCapture } from './responses-event-capture';

const event = (type: string, sequence: number, extra: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...extra })}\n\n`;

describe('ResponsesEventCapture', () => {
  it('reads the final response across pieces split anywhere', () => {
    const capture = new ResponsesEventCapture();
    const text =
      event('response.created', 0, { response: { id: 'resp_up', status: 'in_progress', output: [] } }) +
      event('response.output_text.delta', 1, { delta: 'Hi' }) +
      event('response.completed', 2, { response: { id: 'resp_up', status: 'completed', output: [{ type: 'message' }] } });
    for (let index = 0; index < text.length; index += 7) capture.push(text.slice(index, index + 7));
    expect(capture.final).toMatchObject({ id: 'resp_up', status: 'completed' });
    expect(capture.atEventBoundary).toBe(true);
  });

  it('writes response.failed after the last sequence number, closing a cut event first', () => {
    const capture = new ResponsesEventCapture();
    capture.push(event('response.created', 0, { response: { id: 'resp_up', model: 'gpt-5', status: 'in_progress' } }));
    capture.push(event('response.output_text.delta', 4, { delta: 'Hi' }));
    capture.push('event: response.output_text.delta\ndata: {"type":"resp');
    const frame = capture.failEvent('server_error', 'cut');
    expect(frame.startsWith('\n\nevent: response.failed\n')).toBe(true);
    const data = JSON.parse(frame.split('data: ')[1]!);
    expect(data).toMatchObject({
      type: 'response.failed',
      sequence_number: 5,
      response: { id: 'resp_up', model: 'gpt-5', status: 'failed', error: { code: 'server_error', message: 'cut' } },
    });
  });

  it('reads an upstream error event, which is no terminal one', () => {
    const capture = new ResponsesEventCapture();
    capture.push(event('response.created', 0, { response: { id: 'resp_up', status: 'in_progress' } }));
    capture.push(event('response.output_text.delta', 1, { delta: 'a "type":"error" in the text' }));
    expect(capture.upstreamError).toBeUndefined();
    capture.push(event('error', 2, { code: 'server_error', message: 'boom' }));
    expect(capture.upstreamError).toEqual({ code: 'server_error', message: 'boom' });
    expect(capture.ended).toBe(false);
    expect(JSON.parse(capture.failEvent('server_error', 'boom').split('data: ')[1]!).sequence_number).toBe(3);
    expect(capture.ended).toBe(true);
  });

  it('writes no response.failed once a terminal event went out', () => {
    const capture = new ResponsesEventCapture();
    capture.push(event('response.completed', 0, { response: { id: 'resp_up', status: 'completed' } }));
    expect(capture.failEvent('server_error', 'cut after the end')).toBe('');
    const failedOnce = new ResponsesEventCapture();
    expect(failedOnce.failEvent('server_error', 'first')).toContain('response.failed');
    expect(failedOnce.failEvent('server_error', 'second')).toBe('');
  });
});
