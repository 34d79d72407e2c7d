import type { AdminTokenSummary } from '@switchboard/access';

/** Hono variables set by the admin middleware. */
export interface AdminEnv {
  Variables: {
    requestId: string;
    token: AdminTokenSummary;
  };
}
