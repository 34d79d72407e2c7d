import { spawn } from 'node:child_process';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface InstallCliOptions {
  /** The npm package, e.g. `@anthropic-ai/claude-code`. */
  name: string;
  /** An exact version: tests pin the client they were written against. */
  version: string;
  /** Which of the package's `bin` entries to return; default: its only one. */
  binary?: string;
  /** How long npm may take before it is killed (default 5 minutes). */
  timeoutMs?: number;
  /** Told when an install really starts (it may take minutes), and when the cache is reused. */
  log?: (message: string) => void;
}

const INSTALLED_MARKER = '.switchboard-installed';
const LOCK_POLL_MS = 250;
const PIDLESS_LOCK_STALE_MS = 10_000;

/**
 * Where pinned CLIs live: `$SWITCHBOARD_CLI_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/switchboard/clis`.
 * Outside the clone on purpose: the CLIs are test tools, never dependencies of the project.
 */
export function cliCacheRoot(): string {
  const explicit = process.env.SWITCHBOARD_CLI_CACHE;
  if (explicit) return explicit;
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'switchboard', 'clis');
}

/** `<root>/<name>@<version>`, with a scope's slash spelled `+` so each install is one folder. */
export function cliInstallDirectory(name: string, version: string): string {
  return join(cliCacheRoot(), `${name.replace('/', '+')}@${version}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the install lock (a directory, created atomically), waiting while another process holds
 * it. A lock whose holder died is taken over.
 */
async function acquireLock(lock: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs * 2;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      return () => rm(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    // No pid yet means the holder is between mkdir and writeFile, or died there: only age can tell.
    const stale = holder > 0 ? !isAlive(holder) : age > PIDLESS_LOCK_STALE_MS;
    if (stale) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another install of this CLI (lock ${lock})`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function runNpm(directory: string, spec: string, timeoutMs: number): Promise<void> {
  const args = ['install', '--prefix', directory, '--no-audit', '--no-fund', '--ignore-scripts=false', spec];
  return new Promise((resolve, reject) => {
    // Its own process group, so a time-out also ends the package's install scripts.
    const child = spawn('npm', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else if (timedOut) reject(new Error(`npm install ${spec} did not finish within ${timeoutMs} ms:\n${output}`));
      else reject(new Error(`npm install ${spec} failed (${code ?? signal}):\n${output}`));
    });
  });
}

async function binaryPath(directory: string, name: string, binary: string | undefined): Promise<string> {
  const manifest = JSON.parse(await readFile(join(directory, 'node_modules', name, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bins = typeof manifest.bin === 'string' ? { [name.split('/').pop()!]: manifest.bin } : (manifest.bin ?? {});
  const names = Object.keys(bins);
  const chosen = binary ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined || !names.includes(chosen)) {
    throw new Error(`${name} has the binaries [${names.join(', ')}]; pass one of them as 'binary'`);
  }
  return join(directory, 'node_modules', '.bin', chosen);
}

/**
 * Installs `name@version` from npm into the CLI cache (once: later calls, from any process, reuse
 * it) and returns the path of its binary. Parallel callers wait on one lock instead of installing
 * twice; an install that fails or times out leaves nothing behind that looks installed.
 */
export async function installCli(options: InstallCliOptions): Promise<string> {
  const { name, version } = options;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const directory = cliInstallDirectory(name, version);
  const marker = join(directory, INSTALLED_MARKER);
  const spec = `${name}@${version}`;
  const log = options.log ?? (() => {});
  if (await exists(marker)) {
    log(`reusing ${spec} from ${directory}`);
    return binaryPath(directory, name, options.binary);
  }

  await mkdir(dirname(directory), { recursive: true });
  const release = await acquireLock(`${directory}.lock`, timeoutMs);
  try {
    // Whoever held the lock before may have finished the install meanwhile.
    if (await exists(marker)) log(`reusing ${spec} from ${directory}`);
    else {
      log(`installing ${spec} into ${directory}`);
      await rm(directory, { recursive: true, force: true });
      await mkdir(directory, { recursive: true });
      try {
        await runNpm(directory, spec, timeoutMs);
        const path = await binaryPath(directory, name, options.binary);
        if (!(await exists(path))) throw new Error(`npm installed ${spec} but ${path} is missing`);
      } catch (error) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
      await writeFile(marker, `${spec}\n`);
    }
  } finally {
    await release();
  }
  return binaryPath(directory, name, options.binary);
}
