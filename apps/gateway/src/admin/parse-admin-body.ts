import type { z } from 'zod';
import { jsonDepthExceeds } from '../http/json-depth-exceeds';
import { AdminError } from './admin-error';
import { invalidFieldError } from './invalid-field-error';

const BODY_LIMIT_BYTES = 1024 * 1024;
/** Admin bodies are small settings objects: nothing real nests this deep. */
const DEPTH_LIMIT = 64;

function tooLarge(limitBytes = BODY_LIMIT_BYTES): AdminError {
  return new AdminError(413, 'body_too_large', `The request body is larger than ${limitBytes / (1024 * 1024)} MiB.`);
}

/**
 * The body's bytes, counted while they arrive: past the limit reading stops at once (the
 * connection is closed after the 413, see create-admin-app), so a 64 MiB chunked upload costs
 * about 1 MiB of memory, not 64.
 */
async function readLimited(request: Request, limitBytes: number): Promise<Buffer> {
  const reader = request.body?.getReader();
  if (reader === undefined) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      chunks.length = 0;
      reader.releaseLock();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads a JSON body and validates it with a strict schema; the first problem is reported with
 * the field it concerns, so `{"baseURL": ...}` gets "Unrecognized key: baseURL" rather than a
 * silent default.
 */
export async function parseAdminBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  /** Larger for the one route that takes whole files (catalog import); 1 MiB otherwise. */
  limitBytes = BODY_LIMIT_BYTES,
): Promise<z.infer<Schema>> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > limitBytes) throw tooLarge(limitBytes);
  const bytes = await readLimited(request, limitBytes);
  if (jsonDepthExceeds(bytes, DEPTH_LIMIT)) {
    throw new AdminError(400, 'invalid_json', `The request body is nested deeper than ${DEPTH_LIMIT} levels.`);
  }
  const text = bytes.toString('utf8');
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
