import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface JournalEntry {
  tag: string;
  /** drizzle-kit's `when`: what the migrator stores in `created_at` once the migration is applied. */
  createdAt: number;
}

interface JournalFile {
  entries: { tag: string; when: number }[];
}

/** The migrations drizzle-kit generated into `folder`, oldest first, from its meta/_journal.json. */
export function readMigrationJournal(folder: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as JournalFile;
  return journal.entries.map((entry) => ({ tag: entry.tag, createdAt: entry.when })).sort((a, b) => a.createdAt - b.createdAt);
}
