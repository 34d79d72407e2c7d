import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { GatewayKey, ListBody, Session, Team } from '../api/admin-types';
import { BudgetMeter } from '../components/budget-meter';
import { ConfirmButton } from '../components/confirm-button';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { TeamForm } from '../components/team-form';
import { formatCount } from '../format/format-count';
import { useResource } from '../hooks/use-resource';

function limits(team: Team): string {
  const parts = [
    team.rpmLimit === null ? null : `${formatCount(team.rpmLimit)} req/min`,
    team.tpmLimit === null ? null : `${formatCount(team.tpmLimit)} tokens/min`,
    team.concurrencyLimit === null ? null : `${team.concurrencyLimit} at once`,
  ].filter(Boolean);
  return parts.length === 0 ? 'no rate limits' : parts.join(' · ');
}

/**
 * Teams: an owner above gateway keys with its own budget, limits, models and policy. A request
 * must fit both its key's and its team's; members are added and removed here (a key is in at
 * most one team), and spend stays with the team that paid at the time.
 */
export function TeamsPage({ session }: { session: Session }) {
  const teams = useResource(() => adminRequest<ListBody<Team>>('GET', '/admin/teams').then((body) => body.data), []);
  const canWrite = session.permissions.includes('teams:write');
  const canMove = canWrite && session.permissions.includes('api-keys:write');
  const keys = useResource(
    () =>
      canMove
        ? adminRequest<ListBody<GatewayKey>>('GET', '/admin/api-keys').then((body) =>
            body.data.filter((key) => key.revokedAt === null),
          )
        : Promise.resolve([] as GatewayKey[]),
    [canMove],
  );
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [adding, setAdding] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<Error | undefined>();

  async function act(action: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await action();
      teams.reload();
      keys.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  }

  const setTeam = (keyId: string, teamId: string | null) =>
    act(() => adminRequest('PATCH', `/admin/api-keys/${encodeURIComponent(keyId)}`, { teamId }));

  return (
    <>
      <PageHeader
        title="Teams"
        description="Owners above gateway keys: a budget, limits, models and a routing policy shared by their keys."
      >
        {canWrite ? (
          <button type="button" onClick={() => setEditing('new')}>
            Create team
          </button>
        ) : null}
      </PageHeader>
      {editing === 'new' ? (
        <TeamForm
          onCancel={() => setEditing(undefined)}
          onSubmit={async (body) => {
            await adminRequest('POST', '/admin/teams', body);
            setEditing(undefined);
            teams.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={teams.error} action="Loading teams" onRetry={teams.reload} />
      <ErrorBanner error={actionError} action="Changing the team" />
      {teams.data && teams.data.length === 0 ? (
        <EmptyState title="No teams yet.">
          {canWrite ? 'Create one, then add gateway keys to it.' : 'An admin creates them.'}
        </EmptyState>
      ) : null}
      <div className="card-list">
        {(teams.data ?? []).map((team) =>
          editing === team.id ? (
            <TeamForm
              key={team.id}
              team={team}
              onCancel={() => setEditing(undefined)}
              onSubmit={async (body) => {
                await adminRequest('PATCH', `/admin/teams/${encodeURIComponent(team.id)}`, body);
                setEditing(undefined);
                teams.reload();
              }}
            />
          ) : (
            <article key={team.id} className="panel card" data-testid={`team-${team.name}`}>
              <div className="card-head">
                <div>
                  <h3>{team.name}</h3>
                  <p className="muted small">
                    {team.allowedModels ? `models: ${team.allowedModels.join(', ')}` : 'any model'} · {limits(team)}
                    {team.routingPolicy ? ` · policy ${team.routingPolicy}` : ''}
                  </p>
                </div>
                <span className="pill">{`${team.members.length} key${team.members.length === 1 ? '' : 's'}`}</span>
              </div>
              <BudgetMeter gatewayKey={team} />
              <ul className="small member-list" aria-label={`Members of ${team.name}`}>
                {team.members.map((member) => (
                  <li key={member.id}>
                    {member.name}
                    {member.revoked ? <span className="muted"> (revoked)</span> : null}
                    {canMove ? (
                      <button type="button" className="link-button" onClick={() => setTeam(member.id, null)}>
                        Remove
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {canWrite ? (
                <div className="card-actions">
                  {canMove ? (
                    <>
                      <select
                        aria-label={`Key to add to ${team.name}`}
                        value={adding[team.id] ?? ''}
                        onChange={(event) => setAdding({ ...adding, [team.id]: event.target.value })}
                      >
                        <option value="">Add a key…</option>
                        {(keys.data ?? [])
                          .filter((key) => !team.members.some((member) => member.id === key.id))
                          .map((key) => (
                            <option key={key.id} value={key.id}>
                              {key.name}
                            </option>
                          ))}
                      </select>
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={!adding[team.id]}
                        onClick={() => setTeam(adding[team.id]!, team.id).then(() => setAdding({ ...adding, [team.id]: '' }))}
                      >
                        Add
                      </button>
                    </>
                  ) : null}
                  <button type="button" className="button-secondary" onClick={() => setEditing(team.id)}>
                    Edit
                  </button>
                  <ConfirmButton
                    label="Delete"
                    confirmLabel="Delete team? Its keys stay."
                    onConfirm={() => act(() => adminRequest('DELETE', `/admin/teams/${encodeURIComponent(team.id)}`))}
                  />
                </div>
              ) : null}
            </article>
          ),
        )}
      </div>
    </>
  );
}
