import { AdminApiError } from '../api/admin-api-error';

interface ErrorBannerProps {
  error: Error | undefined;
  /** What was being done, e.g. "Loading providers". */
  action?: string;
  onRetry?: () => void;
}

/** The gateway's own message, with the request id to find it in the logs. */
export function ErrorBanner({ error, action, onRetry }: ErrorBannerProps) {
  if (!error) return null;
  const requestId = error instanceof AdminApiError ? error.requestId : undefined;
  return (
    <div className="banner banner-error" role="alert">
      <strong>{action ? `${action} failed: ` : ''}</strong>
      {error.message}
      {requestId ? <span className="muted"> (request {requestId})</span> : null}
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
