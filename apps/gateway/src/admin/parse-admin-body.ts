import type { z } from 'zod';
import { AdminError } from './admin-error';

const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a JSON body and validates it with a strict schema; the first problem is reported with
 * the field it concerns, so `{"baseURL": ...}` gets "Unrecognized key: baseURL" rather than a
 * silent default.
 */
export async function parseAdminBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > BODY_LIMIT_BYTES) throw new AdminError(413, 'body_too_large', 'The request body is larger than 1 MiB.');
  const text = await request.text();
  if (text.length > BODY_LIMIT_BYTES) throw new AdminError(413, 'body_too_large', 'The request body is larger than 1 MiB.');
  let raw: unknown;
  try {
    raw = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new AdminError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // An unknown key is usually a typo (`baseURL`) that also explains a "missing" field, so name it first.
    const issue = parsed.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
    const path = [...issue.path.map(String), ...keys].join('.') || '(body)';
    throw new AdminError(400, 'invalid_field', `${path}: ${issue.message}`);
  }
  return parsed.data;
}
