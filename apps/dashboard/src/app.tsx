import { useEffect, useState } from 'react';
import { adminRequest, onSignedOut } from './api/admin-client';
import type { AdminPermission, Session } from './api/admin-types';
import { usePagePath } from './hooks/use-page-path';
import { AlertsPage } from './pages/alerts-page';
import { AuditPage } from './pages/audit-page';
import { GatewayKeysPage } from './pages/gateway-keys-page';
import { OverviewPage } from './pages/overview-page';
import { PricesPage } from './pages/prices-page';
import { ProviderKeysPage } from './pages/provider-keys-page';
import { ProvidersPage } from './pages/providers-page';
import { SignInPage } from './pages/sign-in-page';
import { StatementsPage } from './pages/statements-page';
import { TeamsPage } from './pages/teams-page';
import { UsagePage } from './pages/usage-page';

interface PageEntry {
  path: string;
  label: string;
  /** The page is offered only to roles with this permission (the API would refuse the rest anyway). */
  needs: AdminPermission;
  render: (session: Session) => React.ReactNode;
}

const PAGES: PageEntry[] = [
  { path: '', label: 'Overview', needs: 'usage:read', render: () => <OverviewPage /> },
  { path: 'usage', label: 'Usage', needs: 'usage:read', render: (session) => <UsagePage session={session} /> },
  { path: 'statements', label: 'Statements', needs: 'usage:read', render: () => <StatementsPage /> },
  { path: 'providers', label: 'Providers', needs: 'providers:read', render: (session) => <ProvidersPage session={session} /> },
  { path: 'prices', label: 'Prices', needs: 'providers:read', render: (session) => <PricesPage session={session} /> },
  {
    path: 'provider-keys',
    label: 'Provider keys',
    // Not billing: the README says it reads providers, gateway keys and usage, never provider keys.
    needs: 'keys:read',
    render: (session) => <ProviderKeysPage session={session} />,
  },
  {
    path: 'gateway-keys',
    label: 'Gateway keys',
    needs: 'api-keys:read',
    render: (session) => <GatewayKeysPage session={session} />,
  },
  { path: 'teams', label: 'Teams', needs: 'teams:read', render: (session) => <TeamsPage session={session} /> },
  { path: 'alerts', label: 'Alerts', needs: 'usage:read', render: (session) => <AlertsPage session={session} /> },
  { path: 'audit', label: 'Audit log', needs: 'audit:read', render: () => <AuditPage /> },
];

type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; session: Session };

/** The shell: asks the gateway who is signed in, then shows the pages that role may use. */
export function App() {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [path, navigate] = usePagePath();

  useEffect(() => {
    adminRequest<Session>('GET', '/admin/session').then(
      (session) => setState({ status: 'signed-in', session }),
      () => setState({ status: 'signed-out' }),
    );
    return onSignedOut(() =>
      setState((current) =>
        current.status === 'signed-in' ? { status: 'signed-out', notice: 'Your session ended. Sign in again.' } : current,
      ),
    );
  }, []);

  if (state.status === 'checking') return <p className="muted centered">Loading…</p>;
  if (state.status === 'signed-out') {
    return <SignInPage notice={state.notice} onSignedIn={(session) => setState({ status: 'signed-in', session })} />;
  }

  const { session } = state;
  const allowed = PAGES.filter((page) => session.permissions.includes(page.needs));
  const current = allowed.find((page) => page.path === path) ?? allowed[0];

  async function signOut() {
    await adminRequest('DELETE', '/admin/session').catch(() => undefined);
    setState({ status: 'signed-out' });
  }

  return (
    <div className="layout">
      <header className="top-bar">
        <span className="brand">Switchboard</span>
        <nav className="nav" aria-label="Pages">
          {allowed.map((page) => (
            <a
              key={page.path}
              href={`/dashboard/${page.path}`}
              aria-current={page === current ? 'page' : undefined}
              onClick={(event) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                navigate(page.path);
              }}
            >
              {page.label}
            </a>
          ))}
        </nav>
        <div className="who">
          <span className="small" title={`Signed in as ${session.name}`}>
            {session.name} <span className="pill">{session.role}</span>
          </span>
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">
        {current ? current.render(session) : <p>This token's role may not use any dashboard page.</p>}
      </main>
    </div>
  );
}
