import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from './testing/send-json';

const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

/** Collects stdout until `pattern` has matched `count` lines. */
function waitForLines(process: ChildProcess, pattern: RegExp, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output so far: ${output}`)), 15_000);
    process.stdout!.on('data', (piece: Buffer) => {
      output += piece.toString();
      const lines = output.split('\n').filter((line) => pattern.test(line));
      if (lines.length >= count) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    process.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

describe('simulator CLI', () => {
  it('starts with --provider arguments, prints the base URLs, serves them and stops on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', mainFile, '--provider', 'deepseek:openai', '--provider=claude:anthropic'],
      {
        env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines = await waitForLines(child, /http:\/\//, 3);
    expect(lines[0]).toMatch(/^simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(lines[1]).toMatch(/deepseek \(openai\): http:\/\/127\.0\.0\.1:\d+\/p\/deepseek\/v1$/);
    expect(lines[2]).toMatch(/claude \(anthropic\): http:\/\/127\.0\.0\.1:\d+\/p\/claude$/);
    const baseUrl = lines[1]!.slice(lines[1]!.indexOf('http://'));
    const response = await sendJson(
      `${baseUrl}/chat/completions`,
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { authorization: 'Bearer k' },
    );
    expect(response.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
