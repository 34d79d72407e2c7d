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
