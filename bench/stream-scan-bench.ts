import { StringDecoder } from 'node:string_decoder';
import {
  anthropicAdapter,
  NativeStreamTranslator,
  OpenAIResponsesStreamDecoder,
  OpenAIStreamTranslator,
  type StreamTranslator,
} from '@switchboard/providers';
import { RedactingStreamTranslator } from '../apps/gateway/src/upstream/redacting-stream-translator';

// `npx tsx bench/stream-scan-bench.ts`: CPU per 200-chunk OpenAI chat stream through the gateway's
// translator chain for an OpenAI-shaped upstream (the redactor around OpenAIStreamTranslator),
// in-process, one upstream piece per event (the simulator's and OpenAI's framing), against the
// minimal "decode the bytes and hand them on" baseline. Two cases: the gateway added
// include_usage (every chunk's `"usage":null` and the usage chunk hidden from the client), and
// the client asked for it (everything passes through). Then a 200-delta native Messages stream
// (Anthropic to an Anthropic client: bytes through, the decoder reading them on the side).

const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 2_000);
const KEY = 'sk-bench-0123456789abcdefghijklmnopqrstuvwxyz';

function recordedStream(): Buffer[] {
  const head =
    '{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[';
  const chunk = (delta: string, finish: string): string =>
    `data: ${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}],"usage":null}\n\n`;
  const words = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.\\n', ' "Quoted"', ' café'];
  const events = [chunk('{"role":"assistant","content":"","refusal":null}', 'null')];
  for (let index = 0; index < 196; index++) events.push(chunk(`{"content":"${words[index % words.length]}"}`, 'null'));
  events.push(chunk('{}', '"stop"'));
  events.push(
    `data: ${head}],"usage":{"prompt_tokens":19,"completion_tokens":196,"total_tokens":215,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events.map((event) => Buffer.from(event, 'utf8'));
}

function recordedMessagesStream(): Buffer[] {
  const event = (name: string, data: string) => `event: ${name}\ndata: ${data}\n\n`;
  const words = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.\\n', ' \\"Quoted\\"', ' café'];
  const events = [
    event(
      'message_start',
      '{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}',
    ),
    event('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'),
  ];
  for (let index = 0; index < 196; index++) {
    events.push(
      event(
        'content_block_delta',
        `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${words[index % words.length]}"}}`,
      ),
    );
  }
  events.push(event('content_block_stop', '{"type":"content_block_stop","index":0}'));
  events.push(
    event(
      'message_delta',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":196}}',
    ),
  );
  events.push(event('message_stop', '{"type":"message_stop"}'));
  return events.map((each) => Buffer.from(each, 'utf8'));
}

function recordedResponsesStream(): Buffer[] {
  const id = 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654';
  const item = 'msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654';
  const response = (status: string, usage: string) =>
    `{"id":"${id}","object":"response","created_at":1741290958,"status":"${status}","model":"gpt-4.1-2025-04-14","output":[],"usage":${usage}}`;
  const event = (type: string, rest: string, sequence: number) =>
    `event: ${type}\ndata: {"type":"${type}","sequence_number":${sequence},${rest}}\n\n`;
  const words = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.\\n', ' \\"Quoted\\"', ' café'];
  const events = [event('response.created', `"response":${response('in_progress', 'null')}`, 0)];
  for (let index = 0; index < 198; index++) {
    events.push(
      event(
        'response.output_text.delta',
        `"item_id":"${item}","output_index":0,"content_index":0,"delta":"${words[index % words.length]}","logprobs":[],"obfuscation":"x1"`,
        index + 1,
      ),
    );
  }
  events.push(
    event(
      'response.completed',
      `"response":${response('completed', '{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":198,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":235}')}`,
      199,
    ),
  );
  return events.map((each) => Buffer.from(each, 'utf8'));
}

function runChain(pieces: Buffer[], includeUsage: boolean): number {
  return runTranslator(pieces, new OpenAIStreamTranslator({ id: 'chatcmpl-x', created: 0, model: 'gpt-4o', includeUsage }));
}

function runTranslator(pieces: Buffer[], inner: StreamTranslator): number {
  const utf8 = new StringDecoder('utf8');
  const translator = new RedactingStreamTranslator(inner, KEY);
  let written = 0;
  for (const piece of pieces) written += translator.push(utf8.write(piece)).length;
  written += translator.end().length;
  if (!translator.done || translator.usage === undefined || translator.deliveredCharacters === 0)
    throw new Error('stream misread');
  return written;
}

function runBaseline(pieces: Buffer[]): number {
  const utf8 = new StringDecoder('utf8');
  let written = 0;
  for (const piece of pieces) written += utf8.write(piece).length;
  return written + utf8.end().length;
}

function microsecondsPerStream(run: () => number): number {
  for (let index = 0; index < ROUNDS / 4; index++) run();
  const samples: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const started = process.cpuUsage();
    for (let index = 0; index < ROUNDS; index++) run();
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / ROUNDS);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

const pieces = recordedStream();
const baseline = microsecondsPerStream(() => runBaseline(pieces));
const hidden = microsecondsPerStream(() => runChain(pieces, false));
const asked = microsecondsPerStream(() => runChain(pieces, true));
const messages = recordedMessagesStream();
const messagesBaseline = microsecondsPerStream(() => runBaseline(messages));
const native = microsecondsPerStream(() => runTranslator(messages, new NativeStreamTranslator(anthropicAdapter.streamParts())));
console.log(`200-chunk OpenAI chat stream, ${ROUNDS} streams per sample, median of 5, CPU µs per stream`);
console.log(`copy bytes (baseline)                     ${baseline.toFixed(1)}`);
console.log(`chain, usage added by the gateway (hidden) ${hidden.toFixed(1)}  (${(hidden / baseline).toFixed(1)}x baseline)`);
console.log(`chain, client asked for usage              ${asked.toFixed(1)}  (${(asked / baseline).toFixed(1)}x baseline)`);
const responses = recordedResponsesStream();
const responsesBaseline = microsecondsPerStream(() => runBaseline(responses));
const nativeResponses = microsecondsPerStream(() =>
  runTranslator(responses, new NativeStreamTranslator(new OpenAIResponsesStreamDecoder())),
);
console.log(`copy bytes, Messages stream (baseline)     ${messagesBaseline.toFixed(1)}`);
console.log(
  `native Messages passthrough                ${native.toFixed(1)}  (${(native / messagesBaseline).toFixed(1)}x baseline)`,
);
console.log(`copy bytes, Responses stream (baseline)    ${responsesBaseline.toFixed(1)}`);
console.log(
  `native Responses passthrough               ${nativeResponses.toFixed(1)}  (${(nativeResponses / responsesBaseline).toFixed(1)}x baseline)`,
);
