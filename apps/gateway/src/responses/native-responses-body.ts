import type { ResponsesInputItem } from '@switchboard/protocol';
import type { UpstreamAccount } from '../routing/upstream-affinity';
import { isGatewayReasoning, withoutAccountBoundItems } from './account-bound-items';
import type { StoredResponse } from './stored-response';

function inputItems(input: unknown): ResponsesInputItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? (input as ResponsesInputItem[]) : [];
}

function sameAccount(account: UpstreamAccount | undefined, target: UpstreamAccount): boolean {
  return account !== undefined && account.providerId === target.providerId && account.keyId === target.keyId;
}

/**
 * The client's body for one native upstream account. The account that served the previous
 * response holds it, so the id goes up as sent; any other gets the stored conversation inline
 * instead. Items only another account can read (its reasoning) are dropped, never sent: they
 * would be refused. `bound` is the account the conversation's items belong to, when known.
 */
export function nativeResponsesBody(
  body: Record<string, unknown>,
  target: UpstreamAccount,
  previous: StoredResponse | undefined,
  bound: UpstreamAccount | undefined,
): Record<string, unknown> {
  const previousAccount = previous?.native ? { providerId: previous.providerId, keyId: previous.providerKeyId } : undefined;
  const chainedHere = previous !== undefined && sameAccount(previousAccount, target);
  const foreign = bound !== undefined && !sameAccount(bound, target);
  const current = inputItems(body.input);
  // Reasoning the gateway wrote for a translated answer goes to no native account, whether or
  // not affinity still knows where the conversation ran (a restart, another replica).
  const gatewayWritten = Array.isArray(body.input) && current.some(isGatewayReasoning);
  if ((chainedHere || (!previous && !foreign)) && !gatewayWritten) return body;
  const input = foreign ? withoutAccountBoundItems(current) : current.filter((item) => !isGatewayReasoning(item));
  if (chainedHere) return { ...body, input };
  const history = previous ? withoutAccountBoundItems(previous.conversation) : [];
  const { previous_response_id: _chained, ...rest } = body;
  return { ...rest, input: [...history, ...input] };
}
