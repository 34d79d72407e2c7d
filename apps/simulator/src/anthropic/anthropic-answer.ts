import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';

/** Everything one Anthropic Messages answer is built from. */
export interface AnthropicAnswer {
  id: string;
  model: string;
  toolUseId: string;
  template: AnswerTemplate;
  usage: UsageSent;
}

/** A fixed stand-in for the encrypted signature Anthropic puts on thinking blocks. */
export const SIMULATED_THINKING_SIGNATURE = 'c2ltdWxhdGVkLXRoaW5raW5nLXNpZ25hdHVyZQ==';
