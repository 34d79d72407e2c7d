import { auditLog, type Database } from '@switchboard/db';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType:
    | 'provider'
    | 'provider_key'
    | 'admin_token'
    | 'api_key'
    | 'model_alias'
    | 'client_address'
    | 'price_version'
    | 'team'
    | 'alert';
  targetId: string;
  requestId: string;
  /** What changed, by field name and non-secret value. Never a key, token or hash. */
  details?: Record<string, unknown>;
}

/** Appends to the audit log, inside the caller's transaction when given one. */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
