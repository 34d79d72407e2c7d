import { microsToUsd } from '@switchboard/db';
import type { UsageReport } from '@switchboard/usage';

/** Quotes a CSV cell when needed, and defuses spreadsheet formulas in names people typed. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A usage report as CSV: a header row, then one row per bucket and group (RFC 4180 quoting). */
export function usageCsv(report: UsageReport): string {
  const bucketed = report.granularity !== 'total';
  const byKey = report.groupBy.includes('key');
  const byTeam = report.groupBy.includes('team');
  const byProvider = report.groupBy.includes('provider');
  const byModel = report.groupBy.includes('model');
  const byTag = report.groupBy.includes('tag');
  const byUser = report.groupBy.includes('user');
  const header = [
    ...(bucketed ? ['bucket_start'] : []),
    ...(byKey ? ['api_key_id', 'api_key_name'] : []),
    ...(byTeam ? ['team_id', 'team_name'] : []),
    ...(byProvider ? ['provider'] : []),
    ...(byModel ? ['model'] : []),
    ...(byTag ? ['tag'] : []),
    ...(byUser ? ['end_user'] : []),
    'requests',
    'errors',
    'input_tokens',
    'cached_input_tokens',
    'cache_write_tokens',
    'output_tokens',
    'reasoning_tokens',
    'cost_usd',
    'refused',
  ];
  const lines = [header.join(',')];
  for (const row of report.rows) {
    lines.push(
      [
        ...(bucketed ? [new Date(row.bucketStartMs!).toISOString()] : []),
        ...(byKey ? [row.apiKeyId, row.apiKeyName] : []),
        ...(byTeam ? [row.teamId, row.teamName] : []),
        ...(byProvider ? [row.provider] : []),
        ...(byModel ? [row.model] : []),
        ...(byTag ? [row.tag] : []),
        ...(byUser ? [row.user] : []),
        row.requests,
        row.errors,
        row.inputTokens,
        row.cachedInputTokens,
        row.cacheWriteTokens,
        row.outputTokens,
        row.reasoningTokens,
        microsToUsd(row.costMicros),
        row.refused,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
