import { spawn } from 'node:child_process';

export interface CliProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an installed CLI with exactly the given environment and collects its output. Agent CLIs
 * retry failed requests with back-off for minutes; a test wants the failure, not the wait, so
 * the process is killed at `timeoutMs` and its output so far is what the test gets.
 */
export function runCliProcess(
  binary: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CliProcessResult> {
  return new Promise<CliProcessResult>((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
