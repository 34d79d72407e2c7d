import { microsToUsd } from '@switchboard/db';
import type { StatementLine, UsageStatement } from '@switchboard/usage';
import { cell } from './usage-csv';

/** Micro-dollars as a fixed six-decimal USD string, so documents show exactly what was summed. */
export function usdText(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const absolute = Math.abs(micros);
  return `${sign}${Math.floor(absolute / 1_000_000)}.${String(absolute % 1_000_000).padStart(6, '0')}`;
}

const columns: [string, (line: StatementLine) => string | number | null][] = [
  ['provider', (line) => line.provider],
  ['model', (line) => line.model],
  ['requests', (line) => line.requests],
  ['errors', (line) => line.errors],
  ['input_tokens', (line) => line.inputTokens],
  ['cached_input_tokens', (line) => line.cachedInputTokens],
  ['cache_write_tokens', (line) => line.cacheWriteTokens],
  ['output_tokens', (line) => line.outputTokens],
  ['reasoning_tokens', (line) => line.reasoningTokens],
  ['unpriced_requests', (line) => line.unpricedRequests],
  ['cost_usd', (line) => usdText(line.costMicros)],
  ['price_versions', (line) => line.priceVersionIds.join(' ')],
];

/** A statement as JSON: the lines and totals with costs in micro-dollars and as USD. */
export function statementJson(statement: UsageStatement) {
  return {
    month: statement.month,
    from: new Date(statement.fromMs).toISOString(),
    to: new Date(statement.toMs).toISOString(),
    scope: statement.scope.apiKeyId === undefined ? { gateway: true } : statement.scope,
    lines: statement.lines.map((line) => ({ ...line, costUsd: microsToUsd(line.costMicros) })),
    totals: { ...statement.totals, costUsd: microsToUsd(statement.totals.costMicros) },
  };
}

/** A statement as CSV (RFC 4180, formulas defused): one row per line item, then a total row. */
export function statementCsv(statement: UsageStatement): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const line of statement.lines) lines.push(columns.map(([, value]) => cell(value(line))).join(','));
  const totals = { ...statement.totals, provider: 'total', model: '', priceVersionIds: [] };
  lines.push(columns.map(([, value]) => cell(value(totals))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Text for HTML element content and attribute values: nothing a model name or key name holds can become markup. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A statement as a self-contained printable page: no script, no outside resource (the response
 * also sends a CSP forbidding both), every value escaped.
 */
export function statementHtml(statement: UsageStatement): string {
  const scope =
    statement.scope.apiKeyId === undefined
      ? 'Whole gateway'
      : `Gateway key ${statement.scope.apiKeyName ?? ''} (${statement.scope.apiKeyId})`;
  const number = (value: number) => value.toLocaleString('en-US');
  const row = (line: StatementLine, total = false) => {
    const cells = [
      total ? 'Total' : (line.provider ?? '(none)'),
      total ? '' : line.model,
      number(line.requests),
      number(line.inputTokens),
      number(line.cachedInputTokens),
      number(line.cacheWriteTokens),
      number(line.outputTokens),
      number(line.reasoningTokens),
      `$${usdText(line.costMicros)}`,
      line.priceVersionIds.join(', '),
    ];
    const tag = total ? 'th' : 'td';
    return `<tr>${cells.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('')}</tr>`;
  };
  const totals = { ...statement.totals, provider: null, model: '', priceVersionIds: [] };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Switchboard statement ${statement.month}`)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2),td:last-child{text-align:left}
tfoot th{border-top:2px solid #111}
@media print{body{margin:0}a{display:none}}
</style></head><body>
<h1>Usage statement ${escapeHtml(statement.month)}</h1>
<p>${escapeHtml(scope)}. From ${escapeHtml(new Date(statement.fromMs).toISOString())} to ${escapeHtml(new Date(statement.toMs).toISOString())} (UTC, end exclusive). Costs in USD at the prices in force when each request ran.</p>
<table><thead><tr><th>Provider</th><th>Model</th><th>Requests</th><th>Input tokens</th><th>Cached input</th><th>Cache writes</th><th>Output tokens</th><th>Reasoning tokens</th><th>Cost</th><th>Price versions</th></tr></thead>
<tbody>${statement.lines.map((line) => row(line)).join('\n')}</tbody>
<tfoot>${row(totals, true)}</tfoot></table>
</body></html>
`;
}
