import { conversationTemplate } from '../conversation-template';
import { estimateInputTokens } from '../estimate-input-tokens';
import { buildUsage } from '../wire/build-usage';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import type { BedrockAnswer } from './bedrock-answer';
import { bedrockConverseResponse } from './bedrock-converse-response';
import { bedrockStreamFrames } from './bedrock-stream-frames';

function blocksCharacters(blocks: unknown): number {
  if (!Array.isArray(blocks)) return 0;
  let characters = 0;
  for (const block of blocks) if (isRecord(block) && typeof block.text === 'string') characters += block.text.length;
  return characters;
}

/** The text of the latest toolResult in the conversation, for a tool-using exchange. */
function latestToolResult(messages: unknown[]): string | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (!isRecord(message) || !Array.isArray(message.content)) continue;
    for (const block of message.content) {
      if (isRecord(block) && isRecord(block.toolResult) && Array.isArray(block.toolResult.content)) {
        return block.toolResult.content
          .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
          .join('');
      }
    }
  }
  return undefined;
}

/**
 * `POST /model/{modelId}/converse`, and `/converse-stream` (binary event stream). Converse's
 * validation: messages must be a non-empty array of user/assistant turns with content blocks,
 * starting with a user turn; toolUse or toolResult blocks need a toolConfig.
 */
export function bedrockConverseEndpoint(stream: boolean): Endpoint {
  return {
    countsTowardFaults: true,
    wantsStream: () => stream,

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (body.model !== undefined)
        return 'Malformed input request: extraneous key [model] is not permitted, please reformat your input and try again.';
      const messages = body.messages;
      if (!Array.isArray(messages) || messages.length === 0)
        return 'The model returned the following errors: messages: at least one message is required';
      for (const [index, message] of messages.entries()) {
        if (!isRecord(message) || (message.role !== 'user' && message.role !== 'assistant') || !Array.isArray(message.content)) {
          return `1 validation error detected: Value at 'messages.${index + 1}.member' failed to satisfy constraint`;
        }
        const usesTools = message.content.some(
          (block) => isRecord(block) && (block.toolUse !== undefined || block.toolResult !== undefined),
        );
        if (usesTools && !isRecord(body.toolConfig)) {
          return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
        }
      }
      if ((messages[0] as Record<string, unknown>).role !== 'user')
        return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
      return undefined;
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const messages = body.messages as Record<string, unknown>[];
      const behaviour = provider.behaviour;
      const template = conversationTemplate(provider, () => latestToolResult(messages));
      let characters = 0;
      for (const message of messages) characters += blocksCharacters(message.content);
      const system = Array.isArray(body.system) ? body.system : [];
      characters += blocksCharacters(system);
      const extra = body.additionalModelRequestFields;
      const answer: BedrockAnswer = {
        toolUseId: `tooluse_sim${exchange.record.sequence}`,
        template,
        usage: buildUsage(behaviour, template, estimateInputTokens(characters, messages.length + (system.length > 0 ? 1 : 0))),
        thinking: isRecord(extra) && isRecord(extra.thinking) && extra.thinking.type === 'enabled',
      };
      if (stream) {
        exchange.stream(
          'application/vnd.amazon.eventstream',
          call.headers,
          bedrockStreamFrames(answer, behaviour.streamException),
          answer.usage,
          behaviour,
          'latin1',
        );
        return;
      }
      exchange.after(behaviour.latencyMs, () =>
        exchange.sendJson(200, bedrockConverseResponse(answer), call.headers, answer.usage),
      );
    },
  };
}
