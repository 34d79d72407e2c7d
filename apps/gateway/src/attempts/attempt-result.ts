import type { AttemptFailure } from '../upstream/classify-upstream-failure';

/** How one attempt ended: the client was answered, the attempt failed (maybe retryably), or the client left. */
export type AttemptResult = { kind: 'served' } | { kind: 'failed'; failure: AttemptFailure } | { kind: 'client-gone' };
