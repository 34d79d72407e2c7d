import type { Candidate } from './catalog-index';
import type { CandidateProblem } from './check-candidate';
import type { CircuitBreaker } from './circuit-breaker';

export interface KeyHealth {
  /** Keys whose breakers are closed and not waiting out a Retry-After. */
  keyIds: readonly string[];
  /** A key whose circuit is half-open with its probe slot free. */
  probeKeyId: string | undefined;
}

export type KeyHealthProblem = CandidateProblem & { untilMs: number };

/**
 * Which of a candidate's keys a plan may use. The candidate is out only when no key is usable
 * and none can be probed: one provider key hitting its rate limit or failing does not take the
 * provider's other keys down with it.
 */
export function checkKeyHealth(
  candidate: Candidate,
  breakers: ReadonlyMap<string, CircuitBreaker> | undefined,
  keyIds: readonly string[],
  nowMs: number,
): KeyHealth | KeyHealthProblem {
  const { provider, model } = candidate;
  if (keyIds.length === 0) {
    return { code: 'no-key', reason: `no API key is configured for provider '${provider.id}'`, untilMs: nowMs };
  }
  if (!breakers) return { keyIds, probeKeyId: undefined };

  // Allocated only once a key turns out to be unusable: the healthy case returns `keyIds` itself.
  let usable: string[] | undefined;
  let probeKeyId: string | undefined;
  let open = 0;
  let rateLimited = 0;
  let untilMs = Number.POSITIVE_INFINITY;
  for (let index = 0; index < keyIds.length; index++) {
    const keyId = keyIds[index]!;
    const breaker = breakers.get(keyId);
    const availability = breaker ? breaker.availability(nowMs) : 'available';
    if (availability === 'available') {
      usable?.push(keyId);
      continue;
    }
    usable ??= keyIds.slice(0, index);
    if (availability === 'probe-available') probeKeyId ??= keyId;
    else if (availability === 'open') open++;
    else if (availability === 'rate-limited') rateLimited++;
    untilMs = Math.min(untilMs, breaker!.unavailableUntil(nowMs));
  }
  if (!usable) return { keyIds, probeKeyId: undefined };
  if (usable.length > 0 || probeKeyId !== undefined) return { keyIds: usable, probeKeyId };

  const where = `'${provider.id}' for '${model.id}'`;
  if (rateLimited === keyIds.length) return { code: 'rate-limited', reason: `${where} is rate limited (Retry-After)`, untilMs };
  if (open === 0 && rateLimited === 0) {
    return { code: 'circuit-half-open', reason: `${where} is recovering and its probe is in flight`, untilMs };
  }
  return { code: 'circuit-open', reason: `${where} is failing (circuit open)`, untilMs };
}
