import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';

/** Everything one OpenAI-shaped chat answer is built from. */
export interface OpenAIAnswer {
  id: string;
  created: number;
  model: string;
  toolCallId: string;
  template: AnswerTemplate;
  usage: UsageSent;
  /** Azure annotates prompts and choices with content-filter results. */
  azure: boolean;
  /** DeepSeek reports its prompt-cache split in usage. */
  deepSeek: boolean;
  /** Fault injection: fields written over the reported usage object. */
  usageOverride?: Record<string, unknown>;
}
