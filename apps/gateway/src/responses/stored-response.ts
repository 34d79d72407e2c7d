import type { ResponsesInputItem, ResponsesResponse } from '@switchboard/protocol';

/** Who made a stored response and which upstream account served it. */
export interface StoredResponseOwner {
  id: string;
  /** The gateway key that made it (`open` when the gateway runs without keys). */
  ownerKeyId: string;
  providerId: string;
  /** The vault row of the provider key that served it (undefined for environment keys). */
  providerKeyId: string | undefined;
  /** Served by the provider's own Responses API, which holds the id (and its reasoning) itself. */
  native: boolean;
}

/** A Responses API answer kept with its conversation, for retrieval and `previous_response_id`. */
export interface StoredResponse extends StoredResponseOwner {
  response: ResponsesResponse;
  /** Every item of the conversation up to and including this response's output, oldest first. */
  conversation: ResponsesInputItem[];
  /** How many leading items of `conversation` were input (the rest are this response's output). */
  inputItemCount: number;
}

/** The owner recorded when the gateway runs without gateway keys (the demo, adapter tests). */
export const OPEN_OWNER = 'open';
