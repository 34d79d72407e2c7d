import { isDeepStrictEqual } from 'node:util';
import type { CatalogProvider } from '@switchboard/protocol';

// File-owned field paths (DESIGN.md contract 5): a provider field (`enabled`), or a model's
// (`models/<model id>/<field>`; model ids may hold `/`, field names never do).

type FieldPath = { model: undefined; field: string } | { model: string; field: string };

function parsePath(path: string): FieldPath {
  if (!path.startsWith('models/')) return { model: undefined, field: path };
  const last = path.lastIndexOf('/');
  return { model: path.slice('models/'.length, last), field: path.slice(last + 1) };
}

/** The value a path names, undefined when the model or the field is absent. */
export function ownedFieldValue(provider: CatalogProvider, path: string): unknown {
  const { model, field } = parsePath(path);
  if (model === undefined) return (provider as unknown as Record<string, unknown>)[field];
  const found = provider.models.find((candidate) => candidate.id === model);
  return found ? (found as unknown as Record<string, unknown>)[field] : undefined;
}

/** Compared as JSON says them: an absent key and `undefined` are the same, whatever the key order. */
function sameValue(left: unknown, right: unknown): boolean {
  const normal = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
  return isDeepStrictEqual(normal(left), normal(right));
}

/** Header values are credentials often enough that an audit row never holds them. */
function masked(path: string, value: unknown): unknown {
  if (path !== 'headers' || value === null || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(Object.keys(value).map((name) => [name, '***']));
}

/**
 * The stored provider with the file's value written into each file-owned field, and what that
 * changed (`{from, to}` per path, header values masked). A model the file names that the
 * database lacks is added whole, as the merged catalog has it.
 */
export function applyOwnedFields(
  current: CatalogProvider,
  merged: CatalogProvider,
  fields: readonly string[],
): { next: CatalogProvider; diff: Record<string, { from: unknown; to: unknown }>; modelsChanged: boolean } {
  const next: CatalogProvider = structuredClone(current);
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  let modelsChanged = false;
  for (const path of fields) {
    const { model, field } = parsePath(path);
    const from = ownedFieldValue(current, path);
    const to = ownedFieldValue(merged, path);
    if (sameValue(from, to)) continue;
    if (model === undefined) {
      (next as unknown as Record<string, unknown>)[field] = to;
    } else {
      const mergedModel = merged.models.find((candidate) => candidate.id === model);
      if (!mergedModel) continue;
      const index = next.models.findIndex((candidate) => candidate.id === model);
      if (index === -1) next.models.push(structuredClone(mergedModel));
      else (next.models[index] as unknown as Record<string, unknown>)[field] = structuredClone(to);
      modelsChanged = true;
    }
    diff[path] = { from: masked(path, from), to: masked(path, to) };
  }
  return { next, diff, modelsChanged };
}

/** The file-owned paths whose value differs between two versions of a provider. */
export function changedOwnedFields(current: CatalogProvider, next: CatalogProvider, fields: readonly string[]): string[] {
  return fields.filter((path) => !sameValue(ownedFieldValue(current, path), ownedFieldValue(next, path)));
}
