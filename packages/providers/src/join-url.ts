/** Appends an endpoint path to a provider base URL, tolerating a trailing slash on the base. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.endsWith('/') ? `${baseUrl.slice(0, -1)}${path}` : `${baseUrl}${path}`;
}
