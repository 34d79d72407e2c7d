import type { Logger } from 'pino';
import type { StoredResponse, StoredResponseOwner } from './stored-response';
import type { StoredResponseBackend } from './stored-response-backend';

const DAY_MS = 86_400_000;

export interface StoredResponsesOptions {
  retentionDays: number;
  maxBytes: number;
}

interface StoredBody {
  response: StoredResponse['response'];
  conversation: StoredResponse['conversation'];
  inputItemCount: number;
}

/**
 * The gateway's stored Responses API answers. `keep` is called the moment an answer completes,
 * before its last bytes go to the client, and returns at once: a lookup of the same id waits for
 * that write, so a client chaining its next turn straight away finds the response it was just given.
 */
export class StoredResponses {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly backend: StoredResponseBackend,
    private readonly options: StoredResponsesOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts storing a completed response; one over the size cap is logged and not stored. */
  keep(response: StoredResponse): void {
    const body: StoredBody = {
      response: response.response,
      conversation: response.conversation,
      inputItemCount: response.inputItemCount,
    };
    const plaintext = JSON.stringify(body);
    const bytes = Buffer.byteLength(plaintext);
    if (bytes > this.options.maxBytes) {
      this.logger.warn(
        { responseId: response.id, bytes, limit: this.options.maxBytes },
        'response not stored: it is over the stored-response size limit (RESPONSES_STORE_LIMIT)',
      );
      return;
    }
    const owner: StoredResponseOwner = {
      id: response.id,
      ownerKeyId: response.ownerKeyId,
      providerId: response.providerId,
      providerKeyId: response.providerKeyId,
      native: response.native,
    };
    const write = this.backend
      .insert({ ...owner, plaintext, expiresAt: new Date(Date.now() + this.options.retentionDays * DAY_MS) })
      .catch((error: unknown) => {
        this.logger.error({ responseId: response.id, err: (error as Error).message }, 'response could not be stored');
      })
      .finally(() => {
        if (this.pending.get(response.id) === write) this.pending.delete(response.id);
      });
    this.pending.set(response.id, write);
  }

  async find(id: string, ownerKeyId: string): Promise<StoredResponse | undefined> {
    await this.pending.get(id);
    const record = await this.backend.find(id, ownerKeyId, new Date());
    if (!record) return undefined;
    const body = JSON.parse(record.plaintext) as StoredBody;
    return {
      id: record.id,
      ownerKeyId: record.ownerKeyId,
      providerId: record.providerId,
      providerKeyId: record.providerKeyId,
      native: record.native,
      response: body.response,
      conversation: body.conversation,
      inputItemCount: body.inputItemCount,
    };
  }

  async delete(id: string, ownerKeyId: string): Promise<boolean> {
    await this.pending.get(id);
    return this.backend.delete(id, ownerKeyId);
  }

  /** Waits for the writes under way (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending.values()]);
  }
}
