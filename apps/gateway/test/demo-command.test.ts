import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@switchboard/testkit';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run demo` exactly as the README tells a newcomer to run it, as a real process.
describe('npm run demo', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    // npm starts the gateway as a grandchild: end the whole process group.
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  });

  it('starts a gateway that answers a streaming call with no provider keys', async () => {
    const port = await freePort();
    const root = new URL('../../..', import.meta.url).pathname;
    child = spawn('npm', ['run', 'demo'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 20_000);
      const onData = (data: Buffer) => {
        output += data.toString();
        if (output.includes('Switchboard demo is listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', (data: Buffer) => {
        output += data.toString();
      });
      child!.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    expect(output).toContain(`http://127.0.0.1:${port}`);

    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'deepseek-v4-flash',
      stream: true,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(chunks).toBeGreaterThan(10);
    expect(text.startsWith('Hello from deepseek.')).toBe(true);
  }, 40_000);
});
