import { randomBytes } from 'node:crypto';

/** A provider-key-shaped secret with a random body, so finding it anywhere cannot be a coincidence. */
export function distinctiveSecret(label: string): string {
  return `sk-${label}-${randomBytes(18).toString('hex')}`;
}

/**
 * The ways a secret could leak besides verbatim: its body without the last four characters (which
 * the API shows on purpose, so a masked form such as `sk-ab...wxyz` does not count), and its
 * base64 and hex encodings.
 */
export function secretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, secret.slice(4, -4), bytes.toString('base64').slice(0, -4), bytes.toString('hex')];
}

/** Where, among named texts, any spelling of any secret occurs: `name: spelling` entries. */
export function findSecrets(texts: Iterable<[string, string]>, secrets: string[]): string[] {
  const found: string[] = [];
  for (const [name, text] of texts) {
    for (const secret of secrets) {
      for (const spelling of secretSpellings(secret)) if (text.includes(spelling)) found.push(`${name}: ${spelling}`);
    }
  }
  return found;
}
