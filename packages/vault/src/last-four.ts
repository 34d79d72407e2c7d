// Below this length, four characters are too large a share of the secret to show.
const shortestSecretToReveal = 12;

/** The last four characters for display (code points, so an emoji is not split), or '' when too short. */
export function lastFour(secret: string): string {
  const characters = Array.from(secret);
  if (characters.length < shortestSecretToReveal) return '';
  return characters.slice(-4).join('');
}
