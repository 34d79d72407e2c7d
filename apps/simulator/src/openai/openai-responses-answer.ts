import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';

/** Everything one Responses answer is built from. */
export interface OpenAIResponsesAnswer {
  /** `resp_...`; item ids share its sequence number. */
  id: string;
  sequence: number;
  createdAt: number;
  model: string;
  template: AnswerTemplate;
  usage: UsageSent;
  /** The request named the tool call's tool as `custom`: its input is free-form text. */
  customTool: boolean;
  /** `include: ["reasoning.encrypted_content"]`: the reasoning item carries an opaque blob. */
  encryptedReasoning: boolean;
  /** The request body, whose settings the response object echoes as OpenAI's does. */
  request: Record<string, unknown>;
  /** Fault injection: fields written over the reported usage object. */
  usageOverride?: Record<string, unknown>;
}
