import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCli, type RefusingProxy, runCliProcess } from '@switchboard/testkit';

/** The Claude Code release these tests pin: the newest that runs offline on Node 20 (it ships a native binary). */
export const CLAUDE_CODE = { name: '@anthropic-ai/claude-code', version: '2.1.197' };

/** The first install downloads a ~250 MB native binary; later runs reuse the cache. */
export const CLAUDE_CODE_INSTALL_TIMEOUT_MS = 5 * 60_000;

export function installClaudeCode(): Promise<string> {
  return installCli({
    ...CLAUDE_CODE,
    timeoutMs: CLAUDE_CODE_INSTALL_TIMEOUT_MS,
    log: (message) => console.info(`[claude-code] ${message}`),
  });
}

export interface ClaudeCodeRun {
  exitCode: number | null;
  /** The `--output-format json` result, when stdout held one. */
  result: ClaudeCodeResult | undefined;
  stdout: string;
  stderr: string;
}

/** The fields of Claude Code's `-p --output-format json` result the tests read. */
export interface ClaudeCodeResult {
  type: 'result';
  subtype: string;
  is_error: boolean;
  num_turns: number;
  result: string;
  stop_reason: string | null;
  modelUsage: Record<string, { inputTokens: number; outputTokens: number }>;
}

export interface ClaudeCodeOptions {
  binary: string;
  /** What ANTHROPIC_BASE_URL points at: the gateway's origin, or a simulated provider's root. */
  baseUrl: string;
  /** Sent as `x-api-key` (ANTHROPIC_API_KEY) or, with `bearer`, as `Authorization: Bearer` (ANTHROPIC_AUTH_TOKEN). */
  apiKey: string;
  bearer?: boolean;
  prompt: string;
  /** Where Claude Code runs (its tools see this folder). */
  cwd: string;
  model?: string;
  /** Tools allowed without asking (a non-interactive run cannot ask). */
  allowedTools: string[];
  proxy: RefusingProxy;
  timeoutMs?: number;
}

/**
 * Runs `claude -p` non-interactively with a throwaway HOME and config folder (so it never reads
 * the user's settings or credentials), nothing but loopback reachable (every other connection
 * goes to the refusing proxy), no update checks or telemetry, and a JSON result on stdout.
 */
export async function runClaudeCode(options: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const home = await mkdtemp(join(tmpdir(), 'switchboard-claude-home-'));
  const args = ['-p', options.prompt, '--output-format', 'json', '--max-turns', '4', '--allowedTools', ...options.allowedTools];
  if (options.model !== undefined) args.push('--model', options.model);
  // Only what is set here: the parent's ANTHROPIC_* variables or proxies must not leak in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: options.baseUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...options.proxy.environment(),
  };
  if (options.bearer) env.ANTHROPIC_AUTH_TOKEN = options.apiKey;
  else env.ANTHROPIC_API_KEY = options.apiKey;
  try {
    const { exitCode, stdout, stderr } = await runCliProcess(options.binary, args, {
      cwd: options.cwd,
      env,
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    let result: ClaudeCodeResult | undefined;
    try {
      result = JSON.parse(stdout) as ClaudeCodeResult;
    } catch {
      result = undefined;
    }
    return { exitCode, result, stdout, stderr };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
