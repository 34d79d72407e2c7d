import type { ChatMessage } from '@switchboard/protocol';
import { affinityKeys, isContinuing } from '../../apps/gateway/src/routing/affinity-keys';
import { UpstreamAffinity } from '../../apps/gateway/src/routing/upstream-affinity';

// `npx tsx bench/router/affinity-bench.ts`: what prompt-cache affinity adds to a request before
// planning: naming the conversation (headers, user, a hash of a Claude-Code-sized system prompt
// and first message), one table lookup and, after the answer, one remember. Target: < 10 µs.

const CONVERSATIONS = 10_000;
const WARM_UP = 50_000;
const MEASURED = 300_000;

const system = 'You are Claude Code, an interactive CLI tool. '.repeat(400); // ~18 KB, capped at 2 KiB by the hash
const conversations: ChatMessage[][] = Array.from({ length: CONVERSATIONS }, (_, index) => [
  { role: 'system', content: system },
  { role: 'user', content: `<system-reminder>project notes</system-reminder> Task ${index}: fix the parser.` },
  { role: 'assistant', content: 'Reading the file.' },
  { role: 'user', content: 'Tool result: '.repeat(200) },
]);
const headers = { 'user-agent': 'claude-cli/2.1.197 (external, cli)', 'x-app': 'cli' };
const affinity = new UpstreamAffinity();
const account = { providerId: 'anthropic', keyId: 'pk_1' };

function run(requests: number): number {
  let found = 0;
  for (let request = 0; request < requests; request++) {
    const messages = conversations[request % CONVERSATIONS]!;
    const keys = affinityKeys('key_bench', { messages, user: undefined }, headers);
    if (isContinuing(messages) && affinity.find(keys)) found++;
    affinity.remember(keys, account, 0.9);
  }
  return found;
}

run(WARM_UP);
const started = process.hrtime.bigint();
const found = run(MEASURED);
const micros = Number(process.hrtime.bigint() - started) / MEASURED / 1000;
console.log(
  `affinity keys + lookup + remember: ${micros.toFixed(2)} µs per request (${found} of ${MEASURED} found; target 10 µs)`,
);
