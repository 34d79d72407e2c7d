import { type FormEvent, useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { Session } from '../api/admin-types';
import { ErrorBanner } from '../components/error-banner';

interface SignInPageProps {
  onSignedIn: (session: Session) => void;
  /** Why the user is here again, e.g. the session expired. */
  notice?: string;
}

/**
 * Trades an admin token for an HttpOnly session cookie. The token lives only in this form's state
 * until the gateway answers; it is never written to storage.
 */
export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await adminRequest<Session>('POST', '/admin/session', { token: token.trim() });
      setToken('');
      onSignedIn(session);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="panel sign-in-form" onSubmit={submit}>
        <h1>Switchboard</h1>
        <p className="muted">Sign in with an admin token to manage providers, keys and usage.</p>
        {notice ? <div className="banner">{notice}</div> : null}
        <label>
          Admin token
          <input
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="sb_admin_…"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
          />
        </label>
        <ErrorBanner error={error} />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          The gateway printed an admin token at its first start (or set one with ADMIN_TOKEN). It is kept in an HttpOnly cookie
          for this tab's origin, never in local storage.
        </p>
      </form>
    </main>
  );
}
