import type { z } from 'zod';
import { AdminError } from './admin-error';
import { invalidFieldError } from './invalid-field-error';

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
  if (!parsed.success) throw invalidFieldError(parsed.error, '(body)');
  return parsed.data;
}
