import type { ResponsesInputItem } from '@switchboard/protocol';

/**
 * Whether an item only the upstream account that made it can read: a reasoning item carrying
 * `encrypted_content`, or one named by the provider's id (`rs_...`) for it to look up.
 */
export function isAccountBound(item: ResponsesInputItem): boolean {
  if (item.type !== 'reasoning') return false;
  return typeof item.encrypted_content === 'string' || (typeof item.id === 'string' && item.id.startsWith('rs_'));
}

/** The items without the account-bound ones, for an upstream account that cannot read them. */
export function withoutAccountBoundItems(items: readonly ResponsesInputItem[]): ResponsesInputItem[] {
  return items.filter((item) => !isAccountBound(item));
}

// The ids the gateway gives the items of answers it writes: `rs_` + its request id (`req_...`).
const GATEWAY_REASONING_ID = /^rs_req_/;

/**
 * A reasoning item the gateway wrote for a translated answer: a summary under an id of its own,
 * which no upstream account made and so none can resolve (OpenAI refuses the whole request).
 */
export function isGatewayReasoning(item: ResponsesInputItem): boolean {
  return (
    item.type === 'reasoning' &&
    typeof item.encrypted_content !== 'string' &&
    typeof item.id === 'string' &&
    GATEWAY_REASONING_ID.test(item.id)
  );
}
