import { type AlertDeliveryAttempt, type AlertRow, alertFirings, alerts, type Database } from '@switchboard/db';
import { createGuardedLookup, type EgressPolicy, validateProviderBaseUrl } from '@switchboard/egress';
import type { KeyWrapper } from '@switchboard/vault';
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { Agent, request } from 'undici';
import { openAlertSecret } from './alert-secret';
import { signWebhook } from './sign-webhook';

export const ALERT_DELIVERY_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
/** An error body is never stored whole: a receiver's page is not a log line. */
const ERROR_TEXT_LIMIT = 200;

export interface AlertDeliveryContext {
  wrapper: KeyWrapper;
  egress: EgressPolicy;
  /** SMTP_URL, for email channels (smtp://user:pass@host:port). */
  smtpUrl?: string;
  /** ALERTS_EMAIL_FROM; default `switchboard@localhost`. */
  emailFrom?: string;
}

export class AlertDeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'AlertDeliveryError';
  }
}

function summary(alert: AlertRow, payload: Record<string, unknown>): string {
  const scope = JSON.stringify(payload.scope);
  const threshold = payload.threshold === null ? '' : ` threshold ${String(payload.threshold)}`;
  return `Switchboard alert ${alert.id} (${alert.kind}) fired for ${scope}:${threshold} value ${String(payload.value)}, period from ${String(payload.periodStart)}.`;
}

async function post(url: string, body: string, headers: Record<string, string>, egress: EgressPolicy): Promise<number> {
  // Checked again at send time: the guarded lookup also refuses a name that now resolves inside.
  const verdict = validateProviderBaseUrl(url, egress);
  if (!verdict.ok) throw new AlertDeliveryError(`the alert URL is refused by the egress guard: ${verdict.reason}`);
  const port = verdict.url.port ? Number(verdict.url.port) : verdict.url.protocol === 'https:' ? 443 : 80;
  const dispatcher = new Agent({ connect: { timeout: TIMEOUT_MS, lookup: createGuardedLookup(egress, undefined, port) } });
  try {
    const response = await request(verdict.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'switchboard-alerts', ...headers },
      dispatcher,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new AlertDeliveryError(
        `the receiver answered ${response.statusCode}: ${text.slice(0, ERROR_TEXT_LIMIT)}`,
        response.statusCode,
      );
    }
    return response.statusCode;
  } finally {
    await dispatcher.close();
  }
}

/**
 * Sends one firing over its rule's channel and records the attempt on the firing's row: delivered
 * on success; on failure the error is recorded and rethrown so the queue retries, and the last
 * attempt marks it failed. A firing already delivered is not sent again (a redelivered job).
 */
export async function deliverAlertFiring(
  db: Database,
  firingId: string,
  attempt: number,
  context: AlertDeliveryContext,
): Promise<'delivered' | 'skipped'> {
  const [found] = await db
    .select({ firing: alertFirings, alert: alerts })
    .from(alertFirings)
    .innerJoin(alerts, eq(alerts.id, alertFirings.alertId))
    .where(eq(alertFirings.id, firingId));
  if (found === undefined || found.firing.status !== 'pending') return 'skipped';
  const { firing, alert } = found;
  const body = JSON.stringify(firing.payload);
  const started = Date.now();
  let statusCode: number | undefined;
  try {
    if (alert.channelType === 'webhook') {
      if (
        !alert.secretCiphertext ||
        !alert.secretNonce ||
        !alert.secretAuthTag ||
        !alert.secretWrappedDek ||
        !alert.secretKekId
      ) {
        throw new AlertDeliveryError('the webhook has no signing secret');
      }
      const secret = await openAlertSecret(
        alert.id,
        {
          ciphertext: alert.secretCiphertext,
          nonce: alert.secretNonce,
          authTag: alert.secretAuthTag,
          wrappedDek: alert.secretWrappedDek,
          kekId: alert.secretKekId,
          last4: '',
        },
        context.wrapper,
      );
      const signature = signWebhook(secret, body, Math.floor(Date.now() / 1000));
      statusCode = await post(alert.channelTarget, body, { 'x-switchboard-signature': signature }, context.egress);
    } else if (alert.channelType === 'slack') {
      statusCode = await post(alert.channelTarget, JSON.stringify({ text: summary(alert, firing.payload) }), {}, context.egress);
    } else {
      if (!context.smtpUrl) throw new AlertDeliveryError('email alerts need SMTP_URL');
      const transport = nodemailer.createTransport(context.smtpUrl);
      try {
        await transport.sendMail({
          from: context.emailFrom ?? 'switchboard@localhost',
          to: alert.channelTarget,
          subject: `Switchboard alert: ${alert.kind}`,
          text: `${summary(alert, firing.payload)}\n\n${body}\n`,
        });
      } finally {
        transport.close();
      }
    }
  } catch (error) {
    const message = error instanceof AlertDeliveryError ? error.message : `delivery failed: ${(error as Error).message}`;
    const record: AlertDeliveryAttempt = {
      attempt,
      at: new Date().toISOString(),
      ...(error instanceof AlertDeliveryError && error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
      error: message.slice(0, ERROR_TEXT_LIMIT + 60),
      durationMs: Date.now() - started,
    };
    const last = attempt >= ALERT_DELIVERY_ATTEMPTS;
    await db.execute(
      sql`update alert_firings set attempts = attempts || ${JSON.stringify([record])}::jsonb,
            status = ${last ? 'failed' : 'pending'} where id = ${firingId}`,
    );
    throw error instanceof AlertDeliveryError ? error : new AlertDeliveryError(message);
  }
  const record: AlertDeliveryAttempt = {
    attempt,
    at: new Date().toISOString(),
    ...(statusCode === undefined ? {} : { statusCode }),
    durationMs: Date.now() - started,
  };
  await db.execute(
    sql`update alert_firings set attempts = attempts || ${JSON.stringify([record])}::jsonb,
          status = 'delivered', delivered_at = now() where id = ${firingId}`,
  );
  return 'delivered';
}
