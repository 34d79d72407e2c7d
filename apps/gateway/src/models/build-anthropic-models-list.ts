import type { CatalogIndex } from '@switchboard/router';

/** One model in Anthropic's `GET /v1/models` shape. */
export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339. The catalog keeps no release dates, so this is the Unix epoch, as OpenAI-shaped lists say `created: 0`. */
  created_at: string;
}

const NO_DATE = '1970-01-01T00:00:00Z';

/**
 * Every chat model and alias a client may name, in Anthropic's model-info shape, sorted by id
 * (the order `after_id` / `before_id` pages through). Built once per catalog version.
 */
export function anthropicModelInfos(index: CatalogIndex): AnthropicModelInfo[] {
  const infos: AnthropicModelInfo[] = [];
  for (const [id, candidates] of index.models()) {
    if (candidates[0]?.model.kind !== 'chat') continue;
    const provider = candidates[0].provider;
    infos.push({ type: 'model', id, display_name: `${id} (${provider.name ?? provider.id})`, created_at: NO_DATE });
  }
  for (const [alias, targets] of Object.entries(index.catalog.aliases)) {
    infos.push({ type: 'model', id: alias, display_name: `${alias} -> ${targets.join(', ')}`, created_at: NO_DATE });
  }
  return infos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface AnthropicPageQuery {
  limit?: string;
  after_id?: string;
  before_id?: string;
}

/** One page of the list, as Anthropic pages it: `limit` 1-1000 (default 20), `after_id` or `before_id`. */
export function anthropicModelsPage(infos: readonly AnthropicModelInfo[], query: AnthropicPageQuery) {
  const parsed = Number(query.limit ?? 20);
  const limit = Number.isInteger(parsed) ? Math.min(1000, Math.max(1, parsed)) : 20;
  let start = 0;
  let end = infos.length;
  if (query.after_id !== undefined) {
    start = infos.findIndex((info) => info.id === query.after_id) + 1;
    if (start === 0) start = infos.length;
    end = Math.min(infos.length, start + limit);
  } else if (query.before_id !== undefined) {
    const before = infos.findIndex((info) => info.id === query.before_id);
    end = before === -1 ? 0 : before;
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(infos.length, limit);
  }
  const data = infos.slice(start, end);
  const hasMore = query.before_id !== undefined ? start > 0 : end < infos.length;
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
