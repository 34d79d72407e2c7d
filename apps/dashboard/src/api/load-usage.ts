import { AdminApiError } from './admin-api-error';
import { adminRequest } from './admin-client';
import type { UsageReport } from './admin-types';
import { type UsageQuery, usageUrl } from './usage-query';

/** GET /admin/usage; a gateway without the usage API gets a message that says so instead of a bare 404. */
export async function loadUsage(query: UsageQuery): Promise<UsageReport> {
  try {
    return await adminRequest<UsageReport>('GET', usageUrl(query));
  } catch (error) {
    if (error instanceof AdminApiError && error.status === 404 && error.message.startsWith('No admin route')) {
      throw new AdminApiError(
        404,
        'usage_unavailable',
        'This gateway does not report usage yet (it has no GET /admin/usage). Update the gateway to see usage and cost.',
        error.requestId,
      );
    }
    throw error;
  }
}
