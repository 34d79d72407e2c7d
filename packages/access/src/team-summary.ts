import { type BudgetPeriod, teams } from '@switchboard/db';

/** A team as the admin API and admission see it. Null limits mean unrestricted. */
export interface TeamSummary {
  id: string;
  name: string;
  /** The spend limit per `budgetPeriod` in integer micro-dollars; both are set or neither. */
  budgetMicros: number | null;
  budgetPeriod: BudgetPeriod | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  /** Model names, aliases or `*` patterns the team's keys may use (intersected with each key's). */
  allowedModels: string[] | null;
  /** The routing policy when neither the request nor the key names one. */
  routingPolicy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const teamSummaryColumns = {
  id: teams.id,
  name: teams.name,
  budgetMicros: teams.budgetMicros,
  budgetPeriod: teams.budgetPeriod,
  rpmLimit: teams.rpmLimit,
  tpmLimit: teams.tpmLimit,
  concurrencyLimit: teams.concurrencyLimit,
  allowedModels: teams.allowedModels,
  routingPolicy: teams.routingPolicy,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
};
