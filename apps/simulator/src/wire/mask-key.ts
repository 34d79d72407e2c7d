/** Like the providers' own 401 messages: enough of the key to recognise it, never all of it. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '****';
  return `${key.slice(0, 3)}****${key.slice(-4)}`;
}
