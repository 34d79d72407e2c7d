/** The port a connection to an http or https URL will use; URL leaves `port` empty for the default. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'http:' ? 80 : 443;
}
