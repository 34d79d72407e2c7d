const REDACTED = '[redacted]';

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The spellings of a key an upstream might echo: as sent, URL-encoded (both matched in any
 * letter case, since some providers upper- or lower-case what they quote) and in base64 or
 * base64url (matched exactly, padding dropped, since base64 is case-sensitive).
 */
function spellingsOf(secret: string): { text: string; anyCase: boolean }[] {
  const bytes = Buffer.from(secret, 'utf8');
  const spellings = [
    { text: secret, anyCase: true },
    { text: encodeURIComponent(secret), anyCase: true },
    { text: bytes.toString('base64').replace(/=+$/, ''), anyCase: false },
    { text: bytes.toString('base64url'), anyCase: false },
  ];
  return spellings.filter((spelling, index) => spellings.findIndex((other) => other.text === spelling.text) === index);
}

/**
 * Upstreams sometimes echo the key they were given in an error; it must not reach a client or a
 * log. The one redaction for every string from an upstream (HTTP error bodies, stream frames).
 * Keys shorter than 8 characters are left alone: replacing them would mangle ordinary text.
 * `pieces` are the secret parts of a compound key (the adapter's `secretPieces`).
 */
export function redactSecret(message: string, secret: string, pieces: readonly string[] = []): string {
  if (message.length < 8) return message;
  let result = message;
  let lower: string | undefined;
  // A compound key (Bedrock's key pair, a service-account JSON) is echoed piece by piece, if at
  // all: its secret parts are redacted in every spelling too, longest first.
  const secrets = [secret, ...[...pieces].sort((a, b) => b.length - a.length)].filter((each) => each.length >= 8);
  for (const spelling of secrets.flatMap(spellingsOf)) {
    if (spelling.anyCase) {
      lower ??= result.toLowerCase();
      if (!lower.includes(spelling.text.toLowerCase())) continue;
      result = result.replace(new RegExp(escaped(spelling.text), 'gi'), REDACTED);
      lower = undefined;
    } else if (result.includes(spelling.text)) {
      result = result.replaceAll(spelling.text, REDACTED);
    }
  }
  return result;
}
