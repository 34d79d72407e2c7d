import type { Granularity, UsageDimension } from './admin-types';

export interface UsageQuery {
  from: Date;
  to: Date;
  granularity: Granularity;
  groupBy: UsageDimension[];
  apiKeyId?: string;
  provider?: string;
  model?: string;
  tag?: string;
  user?: string;
}

/** The /admin/usage URL for a query; `csv` asks for the same report as a CSV download. */
export function usageUrl(query: UsageQuery, format?: 'csv'): string {
  const parameters = new URLSearchParams({
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    granularity: query.granularity,
    groupBy: query.groupBy.join(','),
  });
  if (query.apiKeyId) parameters.set('apiKeyId', query.apiKeyId);
  if (query.provider) parameters.set('provider', query.provider);
  if (query.model) parameters.set('model', query.model);
  if (query.tag) parameters.set('tag', query.tag);
  if (query.user) parameters.set('user', query.user);
  if (format) parameters.set('format', format);
  return `/admin/usage?${parameters.toString()}`;
}
