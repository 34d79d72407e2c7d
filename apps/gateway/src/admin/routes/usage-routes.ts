import { microsToUsd } from '@switchboard/db';
import {
  AttributionGranularityError,
  granularityMs,
  queryUsage,
  type UsageCounters,
  type UsageRow,
  usageDimensions,
  usageGranularities,
  usesAttribution,
} from '@switchboard/usage';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { parseAdminQuery } from '../invalid-field-error';
import { usageCsv } from './usage-csv';

/** More rows than a chart or a spreadsheet can use: ask for a coarser granularity instead. */
const MAX_BUCKETS = 5_000;
const DAY_MS = 86_400_000;

/** An ISO 8601 date or date-time, or epoch milliseconds. */
const instant = z
  .string()
  .transform((value, context) => {
    const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(time)) {
      context.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time or epoch milliseconds' });
      return z.NEVER;
    }
    return time;
  })
  .optional();

const querySchema = z.strictObject({
  from: instant,
  to: instant,
  granularity: z.enum(usageGranularities).optional(),
  groupBy: z
    .string()
    .default('')
    .transform((value, context) => {
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      for (const name of names) {
        if (!(usageDimensions as readonly string[]).includes(name)) {
          context.addIssue({ code: 'custom', message: `'${name}' is not one of ${usageDimensions.join(', ')}` });
          return z.NEVER;
        }
      }
      return [...new Set(names)] as (typeof usageDimensions)[number][];
    }),
  apiKeyId: z.string().min(1).optional(),
  teamId: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

function withUsd<Counters extends UsageCounters>(counters: Counters) {
  return { ...counters, costUsd: microsToUsd(counters.costMicros) };
}

function presentRow(row: UsageRow) {
  const { bucketStartMs, ...rest } = row;
  return {
    ...(bucketStartMs === undefined ? {} : { bucketStart: new Date(bucketStartMs).toISOString() }),
    ...withUsd(rest),
  };
}

/**
 * GET /admin/usage: requests, errors, tokens and cost from the rollups, per minute, hour or day
 * (or one total), grouped by any of key, provider and model, filtered, with totals; CSV with
 * `format=csv`. Defaults: the last 24 hours, hourly.
 */
export function usageRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.get('/', requirePermission('usage:read'), async (c) => {
    const query = parseAdminQuery(c.req.query(), querySchema);
    const toMs = query.to ?? Date.now();
    const fromMs = query.from ?? toMs - DAY_MS;
    if (fromMs >= toMs) throw new AdminError(400, 'invalid_field', 'from: must be before to');
    // Tags and end users are rolled up per day, so that is their default.
    const granularity = query.granularity ?? (usesAttribution(query) ? 'day' : 'hour');
    if (granularity !== 'total' && (toMs - fromMs) / granularityMs[granularity] > MAX_BUCKETS) {
      throw new AdminError(
        400,
        'invalid_field',
        `granularity: a ${granularity} granularity over this range gives more than ${MAX_BUCKETS} buckets; choose a coarser one or a shorter range`,
      );
    }
    const report = await queryUsage(admin.db, {
      fromMs,
      toMs,
      granularity,
      groupBy: query.groupBy,
      apiKeyId: query.apiKeyId,
      teamId: query.teamId,
      provider: query.provider,
      model: query.model,
      tag: query.tag,
      user: query.user,
    }).catch((error: unknown) => {
      if (error instanceof AttributionGranularityError)
        throw new AdminError(400, 'invalid_field', `granularity: ${error.message}`);
      throw error;
    });
    if (query.format === 'csv') {
      const day = (time: number) => new Date(time).toISOString().slice(0, 10);
      return c.body(usageCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="switchboard-usage-${day(report.fromMs)}-to-${day(report.toMs)}.csv"`,
      });
    }
    return c.json({
      from: new Date(report.fromMs).toISOString(),
      to: new Date(report.toMs).toISOString(),
      granularity: report.granularity,
      groupBy: report.groupBy,
      data: report.rows.map(presentRow),
      totals: withUsd(report.totals),
    });
  });
  return routes;
}
