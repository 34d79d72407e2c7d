/** A rule the alert store refuses: `invalid` (400) or `not_found` (404), with a message for the admin. */
export class AlertError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'AlertError';
  }
}
