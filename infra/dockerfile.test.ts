import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// No Docker engine runs the tests: the Dockerfile's rules are checked on its text. The grammar
// needed is small (an instruction per logical line, `\` continues it), so it is parsed here rather
// than with a parser package that would add a dependency for thirty lines.
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const text = readFileSync(`${repositoryRoot}infra/Dockerfile`, 'utf8');

interface Instruction {
  keyword: string;
  argument: string;
}
interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

function parseDockerfile(source: string): { stages: Stage[]; global: Instruction[] } {
  const logical = source
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const global: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', argument = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), argument };
    if (instruction.keyword === 'FROM') {
      const [, base = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argument) ?? [];
      stages.push({ name: name ?? String(stages.length), base, instructions: [] });
    } else if (stages.length === 0) global.push(instruction);
    else stages.at(-1)!.instructions.push(instruction);
  }
  return { stages, global };
}

const { stages } = parseDockerfile(text);
const stageNamed = (name: string) => {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
};
/** The stage and the stages it is built FROM, base first. */
function lineage(name: string): Stage[] {
  const stage = stages.find((candidate) => candidate.name === name);
  return stage ? [...lineage(stage.base), stage] : [];
}
const inherited = (name: string) => lineage(name).flatMap((stage) => stage.instructions);
const isExecForm = (argument: string) => {
  try {
    return Array.isArray(JSON.parse(argument));
  } catch {
    return false;
  }
};
// The root package.json's workspaces are apps/* and packages/*: npm ci needs every manifest.
const workspaceManifests = ['apps', 'packages'].flatMap((folder) =>
  readdirSync(`${repositoryRoot}${folder}`)
    .map((name) => `${folder}/${name}/package.json`)
    .filter((path) => existsSync(`${repositoryRoot}${path}`)),
);

describe('infra/Dockerfile', () => {
  it('has several stages and a gateway and a worker target', () => {
    expect(stages.length).toBeGreaterThanOrEqual(4);
    expect(stages.map((stage) => stage.name)).toEqual(expect.arrayContaining(['build', 'gateway', 'worker']));
    // The default target (the last stage) is the gateway.
    expect(stages.at(-1)!.name).toBe('gateway');
  });

  it('installs with npm ci from the lock file and every workspace manifest, before any source is copied', () => {
    expect(workspaceManifests.length).toBeGreaterThanOrEqual(10);
    const installs = stages.filter((stage) =>
      stage.instructions.some((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.argument)),
    );
    expect(installs.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toMatch(/\bnpm (install|i)\b/);
    for (const stage of installs) {
      const before: Instruction[] = [];
      for (const instruction of inherited(stage.name)) {
        if (instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.argument)) break;
        before.push(instruction);
      }
      const copied = before.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.argument);
      // Only manifests reach the layers npm ci runs in, so a source edit keeps them cached.
      for (const argument of copied) expect(argument, `${stage.name}: COPY ${argument}`).toMatch(/package(-lock)?\.json/);
      const sources = copied.join(' ');
      expect(sources).toContain('package-lock.json');
      for (const manifest of workspaceManifests) expect(sources, `${stage.name} copies ${manifest}`).toContain(manifest);
    }
  });

  it('never copies the whole tree into a stage before its dependencies are installed', () => {
    for (const stage of stages) {
      const instructions = inherited(stage.name);
      const wholeTree = instructions.findIndex(
        (instruction) => instruction.keyword === 'COPY' && /^\.\s/.test(instruction.argument),
      );
      if (wholeTree === -1) continue;
      const install = instructions.findIndex(
        (instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.argument),
      );
      expect(install, `${stage.name}: npm ci before COPY . .`).toBeGreaterThanOrEqual(0);
      expect(install).toBeLessThan(wholeTree);
    }
  });

  it('ships runtime dependencies only, without the build tools or the sources', () => {
    const production = stages.find((stage) =>
      stage.instructions.some(
        (instruction) => instruction.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(instruction.argument),
      ),
    );
    expect(production).toBeDefined();
    for (const target of ['gateway', 'worker']) {
      const copies = inherited(target).filter((instruction) => instruction.keyword === 'COPY');
      const nodeModules = copies.filter((instruction) => instruction.argument.includes('node_modules'));
      expect(nodeModules.map((instruction) => instruction.argument)).toEqual([
        `--from=${production!.name} /app/node_modules ./node_modules`,
      ]);
      // From the build stage only the built output; nothing from the host but the migrations.
      for (const instruction of copies) {
        if (instruction.argument.startsWith(`--from=${production!.name}`)) continue;
        expect(instruction.argument).toMatch(/^(--from=build \/app\/(dist|apps\/dashboard\/dist) |migrations )/);
      }
      // The final images start from the plain Node image, not from a stage holding dev dependencies.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ARG reference, verbatim
      expect(lineage(target)[0]!.base).toBe('${NODE_IMAGE}');
    }
  });

  it('runs as a non-root user with a healthcheck and node as the exec-form command', () => {
    for (const target of ['gateway', 'worker']) {
      const instructions = inherited(target);
      const users = instructions.filter((instruction) => instruction.keyword === 'USER');
      expect(users.length, `${target} sets USER`).toBeGreaterThan(0);
      expect(users.at(-1)!.argument).not.toMatch(/^(root|0)(:|$)/);

      const healthchecks = stageNamed(target).instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK');
      expect(healthchecks).toHaveLength(1);
      const check = /^(.*?)\bCMD\s+(.*)$/.exec(healthchecks[0]!.argument);
      expect(check?.[1]).toMatch(/--interval=\S+/);
      expect(isExecForm(check![2]!)).toBe(true);
      expect(check![2]).toContain('/healthz');

      const commands = instructions.filter(
        (instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT',
      );
      expect(commands.map((instruction) => instruction.keyword)).toEqual(['CMD']);
      // Exec form: node is the process the runtime signals, no shell or npm in between.
      expect(isExecForm(commands[0]!.argument)).toBe(true);
      const command = JSON.parse(commands[0]!.argument) as string[];
      expect(command[0]).toBe('node');
      expect(command.at(-1)).toBe(target === 'gateway' ? 'dist/gateway.mjs' : 'dist/worker.mjs');
    }
  });

  it('builds from a lock file that holds the native packages of the image platform (linux x64, glibc)', () => {
    interface LockEntry {
      optionalDependencies?: Record<string, string>;
      os?: string[];
      cpu?: string[];
      libc?: string[];
    }
    const { packages } = JSON.parse(readFileSync(`${repositoryRoot}package-lock.json`, 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const fits = (entry: LockEntry) =>
      (!entry.os || entry.os.includes('linux')) &&
      (!entry.cpu || entry.cpu.includes('x64')) &&
      (!entry.libc || entry.libc.includes('glibc'));
    let families = 0;
    for (const [path, entry] of Object.entries(packages)) {
      // fsevents is macOS-only by design: nothing to install elsewhere.
      const optional = Object.keys(entry.optionalDependencies ?? {}).filter((name) => name !== 'fsevents');
      const locked = optional
        .map((name) => packages[`${path === '' ? '' : `${path}/`}node_modules/${name}`] ?? packages[`node_modules/${name}`])
        .filter((found): found is LockEntry => found !== undefined);
      // A family of per-platform binaries (esbuild, biome, rolldown...: several optional packages,
      // one per platform), of which npm ci installs only what is locked. A lone Windows- or
      // macOS-only helper is no such family.
      if (optional.length < 3 || !locked.some((found) => found.os !== undefined)) continue;
      families++;
      expect(locked.some(fits), `${path} has a linux-x64-glibc binary in the lock`).toBe(true);
    }
    expect(families).toBeGreaterThanOrEqual(3);
  });

  it('keeps host dependencies, builds and data out of the build context', () => {
    const ignored = readFileSync(`${repositoryRoot}.dockerignore`, 'utf8').split('\n');
    for (const entry of ['node_modules', '**/node_modules', 'dist', '.data', 'apps/dashboard/dist', '.env', '.git'])
      expect(ignored).toContain(entry);
  });
});
