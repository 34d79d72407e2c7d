import { type ProviderKeyStatus, providerKeys } from '@switchboard/db';

/** What callers may see of a provider key: everything but the sealed secret. */
export interface ProviderKeySummary {
  id: string;
  providerId: string;
  name: string;
  status: ProviderKeyStatus;
  statusReason: string | null;
  statusSince: Date;
  last4: string;
  kekId: string;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * The columns a summary is selected (or returned) with. Selecting only these, rather than the
 * whole row, keeps ciphertext and wrapped data keys out of code paths that only list keys.
 */
export const providerKeySummaryColumns = {
  id: providerKeys.id,
  providerId: providerKeys.providerId,
  name: providerKeys.name,
  status: providerKeys.status,
  statusReason: providerKeys.statusReason,
  statusSince: providerKeys.statusSince,
  last4: providerKeys.last4,
  kekId: providerKeys.kekId,
  createdAt: providerKeys.createdAt,
  updatedAt: providerKeys.updatedAt,
  lastUsedAt: providerKeys.lastUsedAt,
  rotatedAt: providerKeys.rotatedAt,
  revokedAt: providerKeys.revokedAt,
};
