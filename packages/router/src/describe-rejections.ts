import type { RejectionCode, RoutePlan } from './route-plan';

export interface RejectionSummary {
  /** One sentence for a 503's message, naming the limit that was hit and the candidates. */
  message: string;
  /** When every rejection is temporary: how long until the first candidate may be planned again. */
  retryAfterMs: number | undefined;
}

const ALL_REJECTED_BECAUSE: Record<RejectionCode, string> = {
  disabled: 'every provider is disabled',
  'wrong-kind': 'no provider serves it on this endpoint',
  'missing-capability': 'no provider supports what the request uses',
  'context-window': "the request does not fit any provider's context window",
  'max-output-tokens': "max_tokens is over every provider's output limit",
  ignored: 'provider.ignore excludes every provider',
  'not-in-only': 'provider.only excludes every provider',
  region: 'no provider is in the regions of provider.regions',
  'data-policy': 'no provider has every data policy of provider.data_policies',
  'over-max-price': 'all providers are over max_price',
  'no-key': 'no provider has an API key configured',
  'circuit-open': 'every provider is failing (circuit open)',
  'circuit-half-open': 'every provider is recovering from failures',
  'rate-limited': 'every provider is rate limited',
  'fallbacks-not-allowed': 'provider.allow_fallbacks is false',
  'beyond-max-attempts': 'the plan is full',
  'not-allowed': 'the API key may not use any of its models',
};

const TEMPORARY = new Set<RejectionCode>(['circuit-open', 'circuit-half-open', 'rate-limited']);
// Candidates the request itself ruled out (provider.only / ignore, another endpoint). When some
// candidates were in scope, why those failed is the answer: `only: [x]` with x rate limited is
// "rate limited, retry after", not "no provider can serve" because the others were not in `only`.
const OUT_OF_SCOPE = new Set<RejectionCode>(['not-in-only', 'ignored', 'region', 'data-policy', 'wrong-kind', 'not-allowed']);
const LISTED = 6;

/** Why a plan has no attempts, in words a client can act on. */
export function describeRejections(plan: RoutePlan, nowMs: number): RejectionSummary {
  if (plan.rejected.length === 0) {
    const names = plan.unresolved.map((entry) => `'${entry.requested}'`).join(', ');
    return { message: `No provider serves ${names || 'the requested model'}.`, retryAfterMs: undefined };
  }
  const inScope = plan.rejected.filter((rejection) => !OUT_OF_SCOPE.has(rejection.code));
  const considered = inScope.length > 0 ? inScope : plan.rejected;
  // The ones that decided first, then the ones the request excluded.
  const rejected = [...considered, ...plan.rejected.filter((rejection) => !considered.includes(rejection))];
  const codes = new Set(considered.map((rejection) => rejection.code));
  const [onlyCode] = codes;
  const headline = codes.size === 1 ? ALL_REJECTED_BECAUSE[onlyCode!] : 'no provider can serve the request';
  const details = rejected
    .slice(0, LISTED)
    .map((rejection) => `${rejection.candidate.provider.id}/${rejection.candidate.model.id}: ${rejection.reason}`);
  if (rejected.length > LISTED) details.push(`${rejected.length - LISTED} more`);

  let retryAfterMs: number | undefined;
  if (considered.every((rejection) => TEMPORARY.has(rejection.code))) {
    const soonest = Math.min(...considered.map((rejection) => rejection.untilMs ?? nowMs));
    retryAfterMs = Math.max(0, soonest - nowMs);
  }
  const message = `${headline.charAt(0).toUpperCase()}${headline.slice(1)} (${details.join('; ')}).`;
  return { message, retryAfterMs };
}
