// The JSON shapes the admin API answers with, as the tests read them (dates arrive as ISO strings).

export interface AdminErrorBody {
  error: { code: string; message: string; requestId: string };
}

export interface ModelBody {
  id: string;
  upstream: string;
  kind: 'chat' | 'embedding';
  price: { input: number; output: number; cachedInput?: number; cacheWrite?: number } | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  defaultOutputTokens: number | null;
  capabilities: Record<string, boolean>;
}

export interface ProviderBody {
  id: string;
  name: string;
  adapter: string;
  baseUrl: string;
  anthropicBaseUrl: string | null;
  reasoningControl: string | null;
  responsesApi: boolean | null;
  apiVersion: string | null;
  region: string | null;
  project: string | null;
  location: string | null;
  headers: Record<string, string>;
  keyOptional: boolean;
  regions: string[];
  dataPolicies: string[];
  enabled: boolean;
  /** False when nothing can serve it: disabled, or no usable key. */
  usable: boolean;
  usableReason: string | null;
  models: ModelBody[];
  /** The fields SWITCHBOARD_CONFIG names (`enabled`, `models/<id>/price`): read-only here. */
  fileOwnedFields: string[];
}

export interface ProviderKeyBody {
  id: string;
  providerId: string;
  name: string;
  status: 'active' | 'suspect' | 'out_of_credit' | 'needs_confirmation' | 'undecryptable' | 'disabled' | 'revoked';
  statusReason: string | null;
  statusSince: string;
  last4: string;
  kekId: string;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export interface AdminTokenBody {
  id: string;
  name: string;
  role: 'admin' | 'keys' | 'billing';
  prefix: string;
  last4: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Only in the answer to the create call. */
  token?: string;
}

export interface AuditEntryBody {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string;
  details: Record<string, unknown>;
}

export interface KeyTestBody {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  model: string | null;
  message: string;
}

export interface ListBody<Item> {
  data: Item[];
}
