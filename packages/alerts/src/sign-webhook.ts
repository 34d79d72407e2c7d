import { createHmac } from 'node:crypto';

/**
 * The `x-switchboard-signature` value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. The
 * timestamp is inside the MAC, so a receiver that rejects old `t` values defeats replays.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
