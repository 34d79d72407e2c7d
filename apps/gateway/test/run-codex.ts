import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCli, type RefusingProxy, runCliProcess } from '@switchboard/testkit';

/** The Codex CLI release these tests pin (it runs offline on Node 20: the native binary ships in the package). */
export const CODEX = { name: '@openai/codex', version: '0.171.0' };

/** The first install fetches the native package (~400 MB unpacked); later runs reuse the cache. */
export const CODEX_INSTALL_TIMEOUT_MS = 5 * 60_000;

export function installCodex(): Promise<string> {
  return installCli({
    ...CODEX,
    timeoutMs: CODEX_INSTALL_TIMEOUT_MS,
    log: (message) => console.info(`[codex] ${message}`),
  });
}

/** One line of `codex exec --json` (the fields the tests read). */
export interface CodexEvent {
  type: string;
  item?: {
    id: string;
    type: string;
    text?: string;
    command?: string;
    aggregated_output?: string;
    exit_code?: number | null;
    status?: string;
  };
  usage?: { input_tokens: number; output_tokens: number; cached_input_tokens: number };
  error?: { message: string };
  message?: string;
}

export interface CodexRun {
  exitCode: number | null;
  events: CodexEvent[];
  /** The text of the last `agent_message` item, if any. */
  finalMessage: string | undefined;
  stdout: string;
  stderr: string;
}

export interface CodexOptions {
  binary: string;
  /** The provider's base URL (Codex appends `/responses`), e.g. the gateway's `{origin}/v1`. */
  baseUrl: string;
  /** Put in the variable the provider's `env_key` names. */
  apiKey: string;
  model: string;
  prompt: string;
  /** Where Codex works (its commands run here). */
  cwd: string;
  proxy: RefusingProxy;
  /** More top-level config.toml lines (before the provider table). */
  extraConfig?: string[];
  timeoutMs?: number;
}

/** The config.toml of a custom provider speaking the Responses API: what the README shows. */
export function codexConfig(options: Pick<CodexOptions, 'baseUrl' | 'model' | 'extraConfig'>): string {
  return [
    `model = ${JSON.stringify(options.model)}`,
    'model_provider = "switchboard"',
    ...(options.extraConfig ?? []),
    '',
    '[model_providers.switchboard]',
    'name = "Switchboard"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'env_key = "SWITCHBOARD_API_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n');
}

/**
 * Runs `codex exec --json` non-interactively with a throwaway HOME and CODEX_HOME (so it never
 * reads the user's config or login), every non-loopback connection sent to the refusing proxy,
 * and no sandbox (`danger-full-access`: the Linux sandboxes need kernel features CI may lack; the
 * commands run in a temporary folder).
 */
export async function runCodex(options: CodexOptions): Promise<CodexRun> {
  const home = await mkdtemp(join(tmpdir(), 'switchboard-codex-home-'));
  const codexHome = join(home, '.codex');
  await mkdir(codexHome);
  await writeFile(join(codexHome, 'config.toml'), codexConfig(options));
  const args = ['exec', '--skip-git-repo-check', '--sandbox', 'danger-full-access', '--json', '-C', options.cwd, options.prompt];
  // Only what is set here: the parent's OPENAI_* variables or proxies must not leak in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CODEX_HOME: codexHome,
    SWITCHBOARD_API_KEY: options.apiKey,
    ...options.proxy.environment(),
  };
  try {
    const { exitCode, stdout, stderr } = await runCliProcess(options.binary, args, {
      cwd: options.cwd,
      env,
      timeoutMs: options.timeoutMs ?? 90_000,
    });
    const events = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as CodexEvent);
    const messages = events.filter((event) => event.type === 'item.completed' && event.item?.type === 'agent_message');
    return { exitCode, events, finalMessage: messages.at(-1)?.item?.text, stdout, stderr };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
