// The production build: each entry point bundled by esbuild into dist/ as plain ESM JavaScript,
// run by `node` without a TypeScript loader (`npm run start:prod`, `npm run worker:prod`,
// `npm run db:migrate:prod`, db:export:prod, db:import:prod). Workspace packages (@switchboard/*) are inlined, because their
// package.json exports point at TypeScript sources; every other package stays external and is
// loaded from node_modules at run time, so native and WASM files (PGlite, msgpackr) are found where
// npm put them. The migrations folder and the dashboard build are found at run time by walking up
// from the bundle (see packages/db/src/migrations-folder.ts, apps/gateway/src/dashboard).
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Output name (dist/<name>.mjs) -> entry source. */
export const ENTRY_POINTS = {
  gateway: 'apps/gateway/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  migrate: 'packages/db/src/migrate-cli.ts',
  'vault-rotate': 'packages/vault/src/rotate-cli.ts',
  'db-export': 'packages/db/src/export-cli.ts',
  'db-import': 'packages/db/src/import-cli.ts',
  // The embedded database's worker thread: the other bundles start it as ./pglite-worker.mjs,
  // their sibling in dist/ (packages/db/src/remote-pglite-client.ts).
  'pglite-worker': 'packages/db/src/pglite-worker.ts',
};

// Only workspace packages are bundled; `node:` builtins are external on platform node anyway.
const bundleWorkspacePackagesOnly = {
  name: 'bundle-workspace-packages-only',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@switchboard/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * A CLI module decides it is the program by comparing `import.meta.url` with argv[1]. In a bundle
 * every module shares the bundle's URL, so a CLI that another entry imports (the vault's
 * rotate-cli, re-exported by its index) would run inside the gateway. Each non-entry `*-cli.ts`
 * module gets its own URL instead, which argv[1] never names.
 */
function onlyTheEntryCliIsMain(entry) {
  return {
    name: 'only-the-entry-cli-is-main',
    setup(builder) {
      builder.onLoad({ filter: /-cli\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (args.path === join(root, entry)) return { contents: source, loader: 'ts' };
        const ownUrl = JSON.stringify(`switchboard-bundled-module:${relative(root, args.path)}`);
        return { contents: source.replaceAll('import.meta.url', ownUrl), loader: 'ts' };
      });
    },
  };
}

/** Builds every entry into `outdir` (default dist/) and returns the output files and the time taken. */
export async function buildProduction({ outdir = join(root, 'dist') } = {}) {
  const started = performance.now();
  const results = await Promise.all(
    Object.entries(ENTRY_POINTS).map(([name, entry]) =>
      build({
        absWorkingDir: root,
        entryPoints: { [name]: entry },
        outdir,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: true,
        plugins: [bundleWorkspacePackagesOnly, onlyTheEntryCliIsMain(entry)],
        // .mjs: ESM by its name, wherever dist/ is copied (the image has no root package.json).
        outExtension: { '.js': '.mjs' },
        logLevel: 'warning',
        metafile: true,
      }),
    ),
  );
  const files = results.flatMap((result) => Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.mjs')));
  return { files, milliseconds: Math.round(performance.now() - started) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, milliseconds } = await buildProduction();
  process.stdout.write(`built ${files.join(', ')} in ${milliseconds} ms\n`);
}
