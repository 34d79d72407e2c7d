import { describe, expect, it } from 'vitest';
import { type AnthropicModelInfo, anthropicModelsPage } from './build-anthropic-models-list';

const infos: AnthropicModelInfo[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
  type: 'model',
  id,
  display_name: id,
  created_at: '1970-01-01T00:00:00Z',
}));

describe('anthropicModelsPage', () => {
  it('pages forward with limit and after_id, telling whether more follow', () => {
    const first = anthropicModelsPage(infos, { limit: '2' });
    expect(first).toMatchObject({ has_more: true, first_id: 'a', last_id: 'b' });
    const second = anthropicModelsPage(infos, { limit: '2', after_id: 'b' });
    expect(second.data.map((info) => info.id)).toEqual(['c', 'd']);
    const last = anthropicModelsPage(infos, { limit: '2', after_id: 'd' });
    expect(last).toMatchObject({ has_more: false, first_id: 'e', last_id: 'e' });
  });

  it('pages backward with before_id', () => {
    const page = anthropicModelsPage(infos, { limit: '2', before_id: 'd' });
    expect(page.data.map((info) => info.id)).toEqual(['b', 'c']);
    expect(page.has_more).toBe(true);
  });

  it('answers an empty page, not an error, for an unknown cursor', () => {
    expect(anthropicModelsPage(infos, { after_id: 'zzz' })).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('keeps limit within 1..1000 and defaults to 20', () => {
    expect(anthropicModelsPage(infos, { limit: '0' }).data).toHaveLength(1);
    expect(anthropicModelsPage(infos, { limit: 'many' }).data).toHaveLength(5);
  });
});
