/** Upstreams sometimes echo the key they were given in an error; it must not reach a client or a log. */
export function redactSecret(message: string, secret: string): string {
  return secret.length >= 8 ? message.replaceAll(secret, '[redacted]') : message;
}
