import { type AnswerTemplate, buildAnswerTemplate } from './answer-template';
import { mergeBehaviour } from './merge-behaviour';
import { RequestRing } from './request-ring';
import { DEFAULT_BEHAVIOUR, type SimulatedBehaviour, type SimulatedFormat } from './simulated-behaviour';
import { SimulatedPromptCache } from './simulated-prompt-cache';

const PROVIDER_ID = /^[A-Za-z0-9._~-]{1,100}$/;

/** One fake provider: its format, current behaviour, fault counter and recorded requests. */
export class SimulatedProvider {
  behaviour: SimulatedBehaviour;
  template: AnswerTemplate;
  readonly records: RequestRing;
  /** Played when behaviour.promptCache is on. */
  readonly promptCache = new SimulatedPromptCache();
  /** Requests that took part in failFirst since the fault was last set. */
  private faultedRequests = 0;

  constructor(
    readonly id: string,
    readonly format: SimulatedFormat,
    behaviour: Partial<SimulatedBehaviour>,
    recordLimit: number,
  ) {
    if (!PROVIDER_ID.test(id)) throw new Error(`provider id must match ${PROVIDER_ID}, got ${JSON.stringify(id)}`);
    this.behaviour = mergeBehaviour(DEFAULT_BEHAVIOUR, behaviour);
    this.template = buildAnswerTemplate(id, this.behaviour);
    this.records = new RequestRing(recordLimit);
  }

  update(patch: Partial<SimulatedBehaviour>): void {
    this.behaviour = mergeBehaviour(this.behaviour, patch);
    this.template = buildAnswerTemplate(this.id, this.behaviour);
    // A new fault starts its own count, so `failFirst: 2` always means the next two requests.
    if ('errorStatus' in patch || 'failFirst' in patch) this.faultedRequests = 0;
  }

  /**
   * The status to inject for this request, or null to answer normally. `consume` is false for
   * side requests (model lists) that must not use up a failFirst budget meant for real calls.
   */
  injectedErrorStatus(consume: boolean): number | null {
    const { errorStatus, failFirst } = this.behaviour;
    if (errorStatus === null) return null;
    if (failFirst <= 0) return errorStatus;
    if (this.faultedRequests >= failFirst) return null;
    if (consume) this.faultedRequests++;
    return errorStatus;
  }
}
