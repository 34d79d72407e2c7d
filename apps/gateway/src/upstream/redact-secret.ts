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

interface SecretDetector {
  /** The spellings matched in any letter case, as one case-insensitive literal search. */
  anyCase: RegExp;
  /** The case-sensitive spellings (base64), searched with indexOf. */
  exact: string[];
}

// Compiled once per key, not per answer. Bounded: a process holds few provider keys, and a key
// rotated away is dropped with everything else once the table fills.
const MAXIMUM_DETECTORS = 256;
const detectors = new Map<string, SecretDetector>();

function detectorFor(secret: string): SecretDetector {
  let detector = detectors.get(secret);
  if (detector === undefined) {
    const spellings = spellingsOf(secret);
    detector = {
      anyCase: new RegExp(
        spellings
          .filter((spelling) => spelling.anyCase)
          .map((spelling) => escaped(spelling.text))
          .join('|'),
        'i',
      ),
      exact: spellings.filter((spelling) => !spelling.anyCase).map((spelling) => spelling.text),
    };
    if (detectors.size >= MAXIMUM_DETECTORS) detectors.clear();
    detectors.set(secret, detector);
  }
  return detector;
}

/**
 * Whether `text` holds any spelling of `secret` that redactSecret removes: one case-insensitive
 * literal search and one or two indexOf, about 1.4 ns a character (14 µs for a 10 KB answer,
 * against 23 µs to JSON.parse it), so every success body and frame can afford it.
 */
export function containsSecret(text: string, secret: string): boolean {
  if (secret.length < 8 || text.length < 8) return false;
  const detector = detectorFor(secret);
  if (detector.anyCase.test(text)) return true;
  for (const spelling of detector.exact) if (text.includes(spelling)) return true;
  return false;
}

/** An answer as it may leave the gateway: untouched (and uncopied) unless it holds the key. */
export function redactAnswer(text: string, secret: string, pieces: readonly string[] = []): string {
  const holdsOne = containsSecret(text, secret) || pieces.some((piece) => containsSecret(text, piece));
  return holdsOne ? redactSecret(text, secret, pieces) : text;
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
