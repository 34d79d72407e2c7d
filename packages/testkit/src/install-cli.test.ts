import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliInstallDirectory, installCli } from './install-cli';

const run = promisify(execFile);
// A small package with one bin and no dependencies, so the real npm installs it in seconds.
const semver = { name: 'semver', version: '7.7.2' };
let cache: string;
let previous: string | undefined;

beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), 'switchboard-cli-cache-'));
  previous = process.env.SWITCHBOARD_CLI_CACHE;
  process.env.SWITCHBOARD_CLI_CACHE = cache;
});
afterEach(async () => {
  if (previous === undefined) delete process.env.SWITCHBOARD_CLI_CACHE;
  else process.env.SWITCHBOARD_CLI_CACHE = previous;
  await rm(cache, { recursive: true, force: true });
});

describe('installCli', () => {
  it('installs a pinned version once for parallel callers, then reuses it', async () => {
    const messages: string[] = [];
    const log = (message: string) => messages.push(message);
    const [first, second] = await Promise.all([installCli({ ...semver, log }), installCli({ ...semver, log })]);
    expect(first).toBe(join(cache, 'semver@7.7.2', 'node_modules', '.bin', 'semver'));
    expect(second).toBe(first);
    expect(messages.filter((message) => message.startsWith('installing'))).toHaveLength(1);
    expect(messages.filter((message) => message.startsWith('reusing'))).toHaveLength(1);
    const { stdout } = await run(first, ['--help']);
    expect(stdout).toContain('SemVer 7.7.2');

    expect(await installCli({ ...semver, log })).toBe(first);
    expect(messages.filter((message) => message.startsWith('installing'))).toHaveLength(1);
    // Nothing besides the install itself is left in the cache (the lock is gone).
    expect(await readdir(cache)).toEqual(['semver@7.7.2']);
  }, 120_000);

  it('spells a scope as one folder below the cache root', () => {
    expect(cliInstallDirectory('@anthropic-ai/claude-code', '2.1.197')).toBe(join(cache, '@anthropic-ai+claude-code@2.1.197'));
  });

  it('takes over a lock whose holder died', async () => {
    const lock = `${cliInstallDirectory(semver.name, semver.version)}.lock`;
    await mkdir(lock, { recursive: true });
    // A pid far above any Linux pid_max: no such process.
    await writeFile(join(lock, 'pid'), '99999999');
    const path = await installCli(semver);
    expect(path).toContain('semver@7.7.2');
  }, 120_000);

  it('kills an install that exceeds its time limit and leaves nothing that looks installed', async () => {
    await expect(installCli({ ...semver, timeoutMs: 1 })).rejects.toThrow(/did not finish within 1 ms/);
    expect(await readdir(cache)).toEqual([]);
  });

  it('names the binaries when the one asked for does not exist', async () => {
    await expect(installCli({ ...semver, binary: 'nope' })).rejects.toThrow(/\[semver\]/);
    expect(await readdir(cache)).toEqual([]);
  }, 120_000);
});
