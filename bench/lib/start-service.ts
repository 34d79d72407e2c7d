import { type ChildProcess, spawn } from 'node:child_process';

export interface Service {
  process: ChildProcess;
  /** What the service printed up to and including its ready line. */
  startupOutput: string;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point in its own Node process (so the gateway, the simulator and the
 * load generator each get their own core) and waits until it prints `readyPattern`.
 */
export function startService(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyPattern: RegExp,
  nodeOptions: string[] = [],
): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', entry, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (readyPattern.test(output)) {
        clearTimeout(timer);
        // From now on, discard output (the gateway logs one line per request).
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({
          process: child,
          startupOutput: output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
}
