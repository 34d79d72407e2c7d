import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchConfig {
  /** A fresh scratch directory (for the config file and the gateway's data). */
  scratch: string;
  configPath: string;
}

/**
 * The catalog every benchmark's gateway uses: one priced OpenAI-format provider `bench`, played
 * by the simulator at `upstream`, with its key in BENCH_PROVIDER_KEY.
 */
export function writeBenchConfig(upstream: string, scratchPrefix: string, anthropicUpstream?: string): BenchConfig {
  const scratch = mkdtempSync(join(tmpdir(), scratchPrefix));
  const configPath = join(scratch, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      builtInProviders: false,
      providers: [
        {
          id: 'bench',
          adapter: 'openai-compatible',
          baseUrl: upstream,
          apiKeyEnv: 'BENCH_PROVIDER_KEY',
          models: [{ id: 'bench-model', price: { input: 0.14, output: 0.28 } }],
        },
        // The Messages surface's native path: an Anthropic-format provider, same simulator.
        ...(anthropicUpstream
          ? [
              {
                id: 'bench-anthropic',
                adapter: 'anthropic',
                baseUrl: anthropicUpstream,
                apiKeyEnv: 'BENCH_PROVIDER_KEY',
                models: [{ id: 'bench-claude', price: { input: 3, output: 15 } }],
              },
            ]
          : []),
      ],
    }),
  );
  return { scratch, configPath };
}
