/** The query string as a plain record (the last value wins for repeated names). */
export function parseQuery(queryText: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (queryText.length === 0) return query;
  for (const [name, value] of new URLSearchParams(queryText)) query[name] = value;
  return query;
}
