import type { AlertScopeType } from '@switchboard/db';

/** What an alert watches: one gateway key, one team, or the whole gateway. */
export type AlertScope = { apiKeyId: string } | { teamId: string } | { gateway: true };

export function alertScopeColumns(scope: AlertScope): { scopeType: AlertScopeType; scopeId: string } {
  if ('apiKeyId' in scope) return { scopeType: 'api_key', scopeId: scope.apiKeyId };
  if ('teamId' in scope) return { scopeType: 'team', scopeId: scope.teamId };
  return { scopeType: 'gateway', scopeId: '' };
}

export function alertScopeFromColumns(scopeType: AlertScopeType, scopeId: string): AlertScope {
  if (scopeType === 'api_key') return { apiKeyId: scopeId };
  if (scopeType === 'team') return { teamId: scopeId };
  return { gateway: true };
}
