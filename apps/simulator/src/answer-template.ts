import type { SimulatedBehaviour } from './simulated-behaviour';
import { splitIntoPieces } from './split-into-pieces';

export interface TemplateToolCall {
  name: string;
  arguments: Record<string, unknown>;
  argumentsJson: string;
  argumentPieces: string[];
}

/** The request-independent part of an answer, computed once per behaviour change. */
export interface AnswerTemplate {
  /** Empty when answering with a tool call. */
  text: string;
  textPieces: string[];
  reasoning: string | undefined;
  reasoningPieces: string[];
  toolCall: TemplateToolCall | undefined;
  /** chunkCount + reasoning pieces. */
  outputTokens: number;
  reasoningTokens: number;
}

function defaultPieces(providerId: string, chunkCount: number): string[] {
  const pieces: string[] = [];
  for (let index = 1; index <= chunkCount; index++) pieces.push(index === 1 ? `Hello from ${providerId}.` : ` Token ${index}.`);
  return pieces;
}

/** Rule: every piece is one output token; reasoning is split into chunkCount pieces too. */
export function buildAnswerTemplate(providerId: string, behaviour: SimulatedBehaviour): AnswerTemplate {
  const chunkCount = Math.max(0, Math.floor(behaviour.chunkCount));
  const reasoningPieces = behaviour.reasoning === undefined ? [] : splitIntoPieces(behaviour.reasoning, chunkCount);
  const reasoningTokens = reasoningPieces.length;
  if (behaviour.toolCall) {
    const argumentsJson = JSON.stringify(behaviour.toolCall.arguments);
    return {
      text: '',
      textPieces: [],
      reasoning: behaviour.reasoning,
      reasoningPieces,
      toolCall: {
        name: behaviour.toolCall.name,
        arguments: behaviour.toolCall.arguments,
        argumentsJson,
        argumentPieces: splitIntoPieces(argumentsJson, chunkCount),
      },
      outputTokens: chunkCount + reasoningTokens,
      reasoningTokens,
    };
  }
  const textPieces =
    behaviour.text === undefined ? defaultPieces(providerId, chunkCount) : splitIntoPieces(behaviour.text, chunkCount);
  return {
    text: behaviour.text ?? textPieces.join(''),
    textPieces,
    reasoning: behaviour.reasoning,
    reasoningPieces,
    toolCall: undefined,
    outputTokens: chunkCount + reasoningTokens,
    reasoningTokens,
  };
}
