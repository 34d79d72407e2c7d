import { bearerToken } from '../wire/bearer-token';
import type { WireDialect } from '../wire/wire-dialect';
import { anthropicDialect } from './anthropic-dialect';

const { headerProblem: _versionCheck, ...anthropicWire } = anthropicDialect;

/**
 * DeepSeek's Anthropic endpoint beside its OpenAI one (`/p/{id}/anthropic`, for `openai`-format
 * providers): Anthropic's paths, bodies, streams and errors. As DeepSeek documents it,
 * `anthropic-version` and `anthropic-beta` are ignored; the key comes as `x-api-key`, or as a
 * Bearer token (Claude Code's ANTHROPIC_AUTH_TOKEN, as DeepSeek's Claude Code setup uses).
 */
export const anthropicCompatibleDialect: WireDialect = {
  ...anthropicWire,

  presentedKey(headers) {
    const key = headers['x-api-key'];
    if (typeof key === 'string' && key.length > 0) return key;
    return bearerToken(headers.authorization);
  },
};
