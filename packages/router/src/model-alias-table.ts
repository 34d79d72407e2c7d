import { isModelAliasPattern, matchesPattern } from '@switchboard/protocol';

/** The alias a name matched: its name as written (a pattern keeps its `*`) and its references. */
export interface ModelAliasEntry {
  name: string;
  targets: readonly string[];
  pattern: boolean;
}

/** Characters other than `*`: the more a pattern spells out, the more specific it is. */
function literalLength(pattern: string): number {
  let count = 0;
  for (const character of pattern) if (character !== '*') count++;
  return count;
}

/**
 * One scope's aliases (a key's, or the gateway's) arranged for lookups: exact names in a map,
 * patterns most specific first (most literal characters, then by name so ties are decided the
 * same way on every instance). Built once per catalog version or per key, never per request.
 */
export class ModelAliasTable {
  private readonly exactNames = new Map<string, ModelAliasEntry>();
  private readonly patterns: ModelAliasEntry[] = [];

  constructor(aliases: Readonly<Record<string, readonly string[]>>) {
    for (const [name, targets] of Object.entries(aliases)) {
      const pattern = isModelAliasPattern(name);
      const entry: ModelAliasEntry = { name, targets, pattern };
      if (pattern) this.patterns.push(entry);
      else this.exactNames.set(name, entry);
    }
    this.patterns.sort((a, b) => literalLength(b.name) - literalLength(a.name) || (a.name < b.name ? -1 : 1));
  }

  /** Whether any pattern exists: without one (and without key aliases) nothing needs matching. */
  get hasPatterns(): boolean {
    return this.patterns.length > 0;
  }

  /** The alias of exactly this name; patterns are not exact names. */
  exact(name: string): ModelAliasEntry | undefined {
    return this.exactNames.get(name);
  }

  /** The most specific pattern matching `name`. */
  pattern(name: string): ModelAliasEntry | undefined {
    for (const entry of this.patterns) if (matchesPattern(entry.name, name)) return entry;
    return undefined;
  }

  /** The exact name if there is one, else the most specific pattern. */
  match(name: string): ModelAliasEntry | undefined {
    return this.exactNames.get(name) ?? this.pattern(name);
  }

  /** Exact aliases only, by name: what GET /v1/models lists. */
  exactEntries(): IterableIterator<ModelAliasEntry> {
    return this.exactNames.values();
  }
}

const tables = new WeakMap<object, ModelAliasTable>();

/**
 * The table for an alias record, built on first use and kept while the record lives: a key's
 * summary sits in the authenticator's cache, so its aliases are compiled once, not per request.
 */
export function modelAliasTableFor(aliases: Readonly<Record<string, readonly string[]>>): ModelAliasTable {
  let table = tables.get(aliases);
  if (table === undefined) {
    table = new ModelAliasTable(aliases);
    tables.set(aliases, table);
  }
  return table;
}
