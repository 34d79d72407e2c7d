import { AdminApiError } from './admin-api-error';

type SignedOutListener = () => void;
const signedOutListeners = new Set<SignedOutListener>();

/** Called when any request answers 401: the session ended (expired, signed out elsewhere, token revoked). */
export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function errorFrom(response: Response): Promise<AdminApiError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; requestId?: string } };
    if (body.error?.message) {
      return new AdminApiError(
        response.status,
        body.error.code ?? 'error',
        body.error.message,
        body.error.requestId ?? requestId,
      );
    }
  } catch {
    // Not the admin error shape (a proxy's page, say): fall through to a generic message.
  }
  return new AdminApiError(
    response.status,
    'http_error',
    `The gateway answered ${response.status} ${response.statusText}.`,
    requestId,
  );
}

/**
 * One call to the admin API with the session cookie (the browser attaches it; the page never sees
 * the token). Every call carries the CSRF header the gateway requires of cookie-authenticated changes.
 */
export async function adminRequest<Result>(method: string, path: string, body?: unknown): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        'x-switchboard-csrf': '1',
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AdminApiError(0, 'network_error', 'The gateway could not be reached. Is it running?', undefined);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && path !== '/admin/session') {
      for (const listener of signedOutListeners) listener();
    }
    throw error;
  }
  if (response.status === 204) return undefined as Result;
  return (await response.json()) as Result;
}
