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
 */
export function redactSecret(message: string, secret: string): string {
  if (secret.length < 8 || message.length < 8) return message;
  let result = message;
  let lower: string | undefined;
  for (const spelling of spellingsOf(secret)) {
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
