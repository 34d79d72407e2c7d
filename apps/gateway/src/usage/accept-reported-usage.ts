import { describeTokenUsageProblems, sanitizeTokenUsage, type TokenUsage } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';

/**
 * Where an adapter's reported usage enters the gateway (whole answers, streams, embeddings): the
 * counts through sanitizeTokenUsage, the one gate, so nothing downstream (cost, budget, rollups)
 * sees a negative, absurd, fractional or non-numeric count. A report with problems marks the
 * request's usage as estimated with the reason, leaves its dropped counts for
 * finalizeRequestUsage to estimate, and is logged once naming the provider (the counts are all the
 * line quotes; a usage object holds nothing secret). Returns the usage to price and record.
 */
export function acceptReportedUsage(
  gateway: GatewayContext,
  record: RequestRecord,
  providerId: string,
  reported: TokenUsage,
): TokenUsage {
  const { usage, problems, dropped } = sanitizeTokenUsage(reported);
  if (problems.length === 0) return usage;
  record.usageEstimated = true;
  record.usageEstimateReason = describeTokenUsageProblems(problems);
  record.droppedUsageFields = dropped;
  gateway.metrics.usageSanitized({ provider: providerId });
  gateway.logger.warn(
    { requestId: record.requestId, provider: providerId, problems },
    `provider '${providerId}' reported usage the gateway cannot bill as is; unusable counts are replaced by estimates`,
  );
  return usage;
}
