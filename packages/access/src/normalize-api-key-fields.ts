import { budgetPeriods, type NewApiKeyRow, usdToMicros } from '@switchboard/db';
import { modelAliasNameProblem } from '@switchboard/protocol';
import { AccessError } from './access-error';
import { apiKeyFieldNames, apiKeyRoutingPolicies } from './api-key-fields';
import { formatCidr, hasHostBits, parseCidr } from './cidr';

/** The columns an input may set: everything but identity, secret and timestamps kept by the store. */
export type ApiKeyColumnValues = Partial<
  Omit<
    NewApiKeyRow,
    'id' | 'keyHash' | 'prefix' | 'last4' | 'createdAt' | 'updatedAt' | 'revokedAt' | 'ledgerKeyId' | 'rotatedFromId'
  >
>;

const maximumNameLength = 64;
const maximumOwnerLength = 128;
const maximumListLength = 256;
const maximumEntryLength = 200;
const maximumMetadataCharacters = 8192;
const maximumModelAliases = 64;
const maximumAliasTargets = 16;
// The limit columns are Postgres `integer`.
const maximumLimit = 2_147_483_647;
// A billion dollars: far above any real budget, far below where micro-dollars stop being exact.
const maximumBudgetUsd = 1_000_000_000;

// Names show up in logs, the audit trail and the dashboard, where control characters could forge lines.
const controlCharacters = /\p{Cc}/u;
const whitespaceOrControl = /[\s\p{Cc}]/u;
const endpointPattern = /^\/[A-Za-z0-9/_.*-]*$/;
// A date, or a date and time with an explicit zone: no locale-dependent parsing of "03/04/2030".
const isoTimestamp = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Checks an API key input (as parsed from JSON, so nothing about its types is trusted) and turns
 * it into column values: only the fields present, in their stored form. Throws
 * AccessError('invalid') with a message naming the field. `name` is required when creating.
 */
export function normalizeApiKeyFields(input: unknown, mode: 'create' | 'update'): ApiKeyColumnValues {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) invalid('the key settings must be an object');
  const fields = input as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!(apiKeyFieldNames as readonly string[]).includes(field)) invalid(`unknown field ${JSON.stringify(field.slice(0, 64))}`);
  }
  const has = (field: string) => Object.hasOwn(fields, field) && fields[field] !== undefined;
  const values: ApiKeyColumnValues = {};

  if (has('name')) values.name = label('name', fields.name, maximumNameLength);
  else if (mode === 'create') invalid('name is required');
  if (has('owner')) values.owner = nullable(fields.owner, (value) => label('owner', value, maximumOwnerLength));
  if (has('allowedModels')) values.allowedModels = nullable(fields.allowedModels, (value) => modelList(value));
  if (has('modelAliases')) values.modelAliases = nullable(fields.modelAliases, (value) => modelAliasMap(value));
  if (has('allowedEndpoints')) values.allowedEndpoints = nullable(fields.allowedEndpoints, (value) => endpointList(value));
  if (has('ipAllowlist')) values.ipAllowlist = nullable(fields.ipAllowlist, (value) => cidrList(value));
  if (has('expiresAt')) values.expiresAt = nullable(fields.expiresAt, (value) => timestamp(value));
  if (has('defaultPolicy')) values.defaultPolicy = nullable(fields.defaultPolicy, (value) => policy(value));
  if (has('metadata')) values.metadata = metadata(fields.metadata);
  for (const field of ['rpmLimit', 'tpmLimit', 'concurrencyLimit'] as const) {
    if (has(field)) values[field] = nullable(fields[field], (value) => limit(field, value));
  }
  if (has('budgetUsd')) values.budgetMicros = nullable(fields.budgetUsd, (value) => budget(value));
  if (has('budgetPeriod')) values.budgetPeriod = nullable(fields.budgetPeriod, (value) => period(value));
  if (mode === 'create' && (values.budgetMicros == null) !== (values.budgetPeriod == null)) {
    invalid('budgetUsd and budgetPeriod must be set together');
  }
  if (has('teamId')) {
    values.teamId = nullable(fields.teamId, (value) => {
      if (typeof value !== 'string' || !/^team_[A-Za-z0-9]{1,64}$/.test(value))
        invalid('teamId must be a team id (team_...), or null');
      return value;
    });
  }
  if (has('allowDebug')) {
    if (typeof fields.allowDebug !== 'boolean') invalid('allowDebug must be true or false');
    values.allowDebug = fields.allowDebug;
  }
  if (has('responseCacheTtlSeconds')) {
    values.responseCacheTtlSeconds = nullable(fields.responseCacheTtlSeconds, (value) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 86_400) {
        invalid('responseCacheTtlSeconds must be a whole number of seconds from 1 to 86400, or null');
      }
      return value;
    });
  }
  return values;
}

function invalid(message: string): never {
  throw new AccessError('invalid', message);
}

function nullable<Value>(value: unknown, read: (value: unknown) => Value): Value | null {
  return value === null ? null : read(value);
}

function label(field: string, value: unknown, maximumLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(`${field} must be a non-empty string`);
  if (Array.from(value).length > maximumLength) invalid(`${field} must be at most ${maximumLength} characters`);
  if (controlCharacters.test(value)) invalid(`${field} must not contain control characters`);
  return value;
}

/** A non-empty list of distinct entries, each checked by `read`; duplicates (after `read`) are dropped. */
function list(field: string, value: unknown, read: (entry: string) => string): string[] {
  if (!Array.isArray(value)) invalid(`${field} must be a list, or null for no restriction`);
  if (value.length === 0) invalid(`${field} must name at least one entry, or be null for no restriction`);
  if (value.length > maximumListLength) invalid(`${field} must have at most ${maximumListLength} entries`);
  const entries: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string' || entry === '') invalid(`${field} entries must be non-empty strings`);
    if (entry.length > maximumEntryLength) invalid(`${field} entries must be at most ${maximumEntryLength} characters`);
    const normalized = read(entry);
    if (!entries.includes(normalized)) entries.push(normalized);
  }
  return entries;
}

function modelList(value: unknown): string[] {
  return list('allowedModels', value, (entry) => {
    if (whitespaceOrControl.test(entry))
      invalid(`allowedModels entry ${JSON.stringify(entry)} must not contain spaces or control characters`);
    return entry;
  });
}

/**
 * Names and targets are checked for form here; whether each target is a model the catalog knows
 * is the gateway's check (access does not know the catalog), made before the key is stored.
 */
function modelAliasMap(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('modelAliases must be an object of alias name -> list of models, or null for none');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) invalid('modelAliases must name at least one alias, or be null for none');
  if (entries.length > maximumModelAliases) invalid(`modelAliases must have at most ${maximumModelAliases} aliases`);
  // Built with fromEntries: a `__proto__` name becomes an own entry, never the object's prototype.
  const aliases: [string, string[]][] = [];
  for (const [name, targets] of entries) {
    const problem = modelAliasNameProblem(name);
    if (problem) invalid(`modelAliases: ${problem}`);
    const field = `modelAliases.${name}`;
    const list: string[] = Array.isArray(targets)
      ? (targets as unknown[]).map((target) => {
          if (
            typeof target !== 'string' ||
            target === '' ||
            target.length > maximumEntryLength ||
            whitespaceOrControl.test(target)
          ) {
            invalid(`${field} entries must be model names without spaces, of 1 to ${maximumEntryLength} characters`);
          }
          if (target.includes('*')) invalid(`${field} entry ${JSON.stringify(target)} is a pattern; targets name models`);
          return target;
        })
      : invalid(`${field} must be a list of models to try in order`);
    if (list.length === 0) invalid(`${field} must name at least one model`);
    if (list.length > maximumAliasTargets) invalid(`${field} must have at most ${maximumAliasTargets} models`);
    aliases.push([name, [...new Set(list)]]);
  }
  return Object.fromEntries(aliases);
}

function endpointList(value: unknown): string[] {
  return list('allowedEndpoints', value, (entry) => {
    if (!endpointPattern.test(entry)) {
      invalid(
        `allowedEndpoints entry ${JSON.stringify(entry)} must be a path such as /v1/chat/completions (letters, digits, / _ . - *)`,
      );
    }
    return entry;
  });
}

function cidrList(value: unknown): string[] {
  return list('ipAllowlist', value, (entry) => {
    const cidr = parseCidr(entry);
    if (cidr === undefined) invalid(`ipAllowlist entry ${JSON.stringify(entry)} is not an IP address or CIDR range`);
    if (hasHostBits(cidr))
      invalid(`ipAllowlist entry ${JSON.stringify(entry)} has bits set past the prefix; did you mean ${formatCidr(cidr)}?`);
    return formatCidr(cidr);
  });
}

function timestamp(value: unknown): Date {
  const date =
    value instanceof Date ? value : typeof value === 'string' && isoTimestamp.test(value) ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) invalid('expiresAt must be an ISO 8601 timestamp, or null');
  return date;
}

function policy(value: unknown): string {
  if (typeof value !== 'string' || !(apiKeyRoutingPolicies as readonly string[]).includes(value)) {
    invalid(`defaultPolicy must be one of ${apiKeyRoutingPolicies.join(', ')}, or null`);
  }
  return value;
}

function metadata(value: unknown): Record<string, unknown> {
  const prototype = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) invalid('metadata must be a JSON object');
  let serialized: string;
  try {
    serialized = JSON.stringify(value);
  } catch {
    invalid('metadata must be a JSON object');
  }
  if (serialized.length > maximumMetadataCharacters)
    invalid(`metadata must be at most ${maximumMetadataCharacters} characters as JSON`);
  // What is stored is what JSON keeps, so the summary returned matches what is read back later.
  return JSON.parse(serialized) as Record<string, unknown>;
}

function limit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maximumLimit) {
    invalid(`${field} must be a whole number from 1 to ${maximumLimit}, or null for no limit`);
  }
  return value;
}

function budget(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > maximumBudgetUsd) {
    invalid(`budgetUsd must be a number of dollars from 0 to ${maximumBudgetUsd}, or null for no budget`);
  }
  return usdToMicros(value);
}

function period(value: unknown): (typeof budgetPeriods)[number] {
  if (typeof value !== 'string' || !(budgetPeriods as readonly string[]).includes(value)) {
    invalid(`budgetPeriod must be one of ${budgetPeriods.join(', ')}, or null`);
  }
  return value as (typeof budgetPeriods)[number];
}
