import { type KeyWrapper, openSecret, type SealedSecret, sealSecret } from '@switchboard/vault';

// The vault binds a (row id, owner) pair into the associated data; for an alert it is (alert id, this tag).
const ALERT_SECRET_OWNER = 'alert-webhook';

export function sealAlertSecret(alertId: string, secret: string, wrapper: KeyWrapper): Promise<SealedSecret> {
  return sealSecret(secret, { providerKeyId: alertId, providerId: ALERT_SECRET_OWNER }, wrapper);
}

export function openAlertSecret(alertId: string, sealed: SealedSecret, wrapper: KeyWrapper): Promise<string> {
  return openSecret(sealed, { providerKeyId: alertId, providerId: ALERT_SECRET_OWNER }, wrapper);
}
