import type { IncomingMessage } from 'node:http';
import { GatewayError } from '@switchboard/protocol';
import { MAX_END_USER_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, OTHER_ATTRIBUTION, TAG_PATTERN } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';

function invalid(param: string, message: string): GatewayError {
  return new GatewayError({ status: 400, type: 'invalid_request_error', code: 'invalid_attribution', param, message });
}

function splitTags(value: string, param: string): string[] {
  const tags = value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  for (const tag of tags) {
    if (tag.length > MAX_TAG_LENGTH || !TAG_PATTERN.test(tag)) {
      throw invalid(
        param,
        `${param}: each tag is 1 to ${MAX_TAG_LENGTH} characters of a-z, 0-9, '_', '.', ':' and '-', starting with a letter or digit`,
      );
    }
  }
  return tags;
}

function objectField(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * What a request says it was for, on every surface: tags from `x-switchboard-tags` and from
 * `metadata.tags` (comma-separated, where the wire format has a string-valued `metadata`: Chat
 * Completions and Responses; Anthropic's `metadata` takes only `user_id`), and the end user from
 * Responses' `safety_identifier`, else `user` (Chat, Completions, Embeddings, Responses), else
 * Anthropic's `metadata.user_id`. Bad values answer 400 rather than being dropped silently, so a
 * client learns its spend is not being split as it meant.
 */
export function readAttribution(incoming: IncomingMessage, body: unknown, record: RequestRecord): void {
  const header = incoming.headers['x-switchboard-tags'];
  const tags = typeof header === 'string' ? splitTags(header, 'x-switchboard-tags') : [];
  const metadata = objectField(body, 'metadata');
  const metadataTags = objectField(metadata, 'tags');
  if (typeof metadataTags === 'string') tags.push(...splitTags(metadataTags, 'metadata.tags'));
  const unique = [...new Set(tags)];
  if (unique.length > MAX_TAGS) throw invalid('x-switchboard-tags', `at most ${MAX_TAGS} tags per request`);
  if (unique.length > 0) record.tags = unique;

  const candidates: [string, unknown][] = [
    ['safety_identifier', objectField(body, 'safety_identifier')],
    ['user', objectField(body, 'user')],
    ['metadata.user_id', objectField(metadata, 'user_id')],
  ];
  for (const [param, value] of candidates) {
    if (typeof value !== 'string' || value === '') continue;
    // Control characters have no place in an id, and "(other)" names the overflow group in reports.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
    if (value.length > MAX_END_USER_LENGTH || /[\u0000-\u001f\u007f]/.test(value) || value === OTHER_ATTRIBUTION) {
      throw invalid(param, `${param}: at most ${MAX_END_USER_LENGTH} characters, no control characters`);
    }
    record.endUser = value;
    return;
  }
}
