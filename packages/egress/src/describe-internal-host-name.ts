// Suffixes that only ever resolve inside a machine or a private network.
const INTERNAL_SUFFIXES: Array<[suffix: string, meaning: string]> = [
  ['localhost', 'names under .localhost resolve to this machine'],
  ['local', '.local names are multicast DNS names on the local network'],
  ['internal', '.internal is reserved for private networks (Google Cloud serves its metadata at metadata.google.internal)'],
  ['home.arpa', '.home.arpa is reserved for home networks'],
  ['localdomain', '.localdomain names this machine or its local network'],
];

/**
 * Why a host name can only mean something internal, or undefined for an ordinary name. Checked
 * on the name as well as on its addresses because split-horizon DNS can give an internal name a
 * public-looking answer from where the check runs. `hostname` is a URL hostname (lowercase).
 */
export function describeInternalHostName(hostname: string): string | undefined {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name === 'localhost') return `${hostname} is this machine`;
  for (const [suffix, meaning] of INTERNAL_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return `${hostname} is an internal name: ${meaning}`;
  }
  // A public provider always has a dotted name; a single label (`metadata`, `ollama`, `vault`) is
  // completed by the resolver's search domains or a container network.
  if (!name.includes('.')) return `${hostname} is a single-label name, which only resolves inside a private network`;
  return undefined;
}
