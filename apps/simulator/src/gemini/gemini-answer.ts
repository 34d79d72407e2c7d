import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';

/** Everything one generateContent answer is built from. */
export interface GeminiAnswer {
  responseId: string;
  model: string;
  template: AnswerTemplate;
  usage: UsageSent;
  /** `generationConfig.thinkingConfig.includeThoughts`: thought summaries go on the wire. */
  includeThoughts: boolean;
}
