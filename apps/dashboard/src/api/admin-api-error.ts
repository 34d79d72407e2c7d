/** An /admin error answer: `{"error":{"code","message","requestId"}}` with its HTTP status. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}
