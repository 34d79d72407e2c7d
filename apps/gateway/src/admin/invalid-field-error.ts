import type { z } from 'zod';
import { AdminError } from './admin-error';

/**
 * The 400 for a body or query that failed its schema, naming the field. An unknown field is
 * reported first, so a typo such as `baseURL` is named rather than the field it left missing.
 */
export function invalidFieldError(error: z.ZodError, whole: '(body)' | 'query'): AdminError {
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0]!;
  const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  const path = [...issue.path.map(String), ...keys].join('.') || whole;
  return new AdminError(400, 'invalid_field', `${path}: ${issue.message}`);
}

/** Validates a query string with a strict schema; 400 naming the parameter. */
export function parseAdminQuery<Schema extends z.ZodType>(query: Record<string, string>, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalidFieldError(parsed.error, 'query');
  return parsed.data;
}
