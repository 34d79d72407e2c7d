import { anthropicCompatibleDialect } from '../anthropic/anthropic-compatible-dialect';
import type { SimulatedFormat } from '../simulated-behaviour';
import { DIALECTS } from './dialects';
import type { WireDialect } from './wire-dialect';

/** Where an `openai`-format provider serves the Anthropic Messages format, below `/p/{id}`. */
export const ANTHROPIC_ENDPOINT_PREFIX = '/anthropic';

/**
 * The dialect that answers a path below `/p/{id}`, and the path as that dialect sees it: an
 * `openai`-format provider also speaks Anthropic's format under `/anthropic`, as DeepSeek does.
 */
export function dialectForPath(format: SimulatedFormat, providerPath: string): { dialect: WireDialect; path: string } {
  if (
    format === 'openai' &&
    (providerPath === ANTHROPIC_ENDPOINT_PREFIX || providerPath.startsWith(`${ANTHROPIC_ENDPOINT_PREFIX}/`))
  ) {
    return { dialect: anthropicCompatibleDialect, path: providerPath.slice(ANTHROPIC_ENDPOINT_PREFIX.length) };
  }
  return { dialect: DIALECTS[format], path: providerPath };
}
