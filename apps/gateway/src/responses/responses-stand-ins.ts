// TEMPORARY: the Responses pieces two other branches deliver (@switchboard/protocol and
// @switchboard/providers), with their agreed signatures, so this branch compiles until they land.
import type { GatewayError, NeutralRequest, StreamErrorDetails, StreamPart, SurfaceStreamWriter } from '@switchboard/protocol';

export type ResponsesInputItem = { type?: string; id?: string; role?: string; [field: string]: unknown };
export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesInputItem[];
  stream?: boolean;
  store?: boolean;
  previous_response_id?: string;
  prompt_cache_key?: string;
  tools?: { type: string; name?: string }[];
  [field: string]: unknown;
}
export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: string;
  model: string;
  output: ResponsesInputItem[];
  [field: string]: unknown;
}
export interface DecodedResponsesRequest extends NeutralRequest {
  customToolNames: string[];
  hostedTools: string[];
  native: { format: 'openai-responses'; body: Record<string, unknown>; headers: Record<string, string> };
}
export interface ResponsesWriterOptions {
  id: string;
  model: string;
  createdAt: number;
  request: ResponsesRequest;
  customToolNames: string[];
}

const missing = (name: string) => new Error(`${name} has not landed yet`);

export function validateResponsesRequest(_body: unknown): ResponsesRequest {
  throw missing('validateResponsesRequest');
}
export function decodeResponsesRequest(
  _body: ResponsesRequest,
  _options: { headers: Record<string, string | string[] | undefined>; history?: ResponsesInputItem[] },
): DecodedResponsesRequest {
  throw missing('decodeResponsesRequest');
}
export class ResponsesStreamWriter implements SurfaceStreamWriter {
  constructor(_options: ResponsesWriterOptions) {}
  get response(): ResponsesResponse | undefined {
    return undefined;
  }
  write(_parts: readonly StreamPart[]): string {
    throw missing('ResponsesStreamWriter');
  }
  fail(_error: StreamErrorDetails): string {
    throw missing('ResponsesStreamWriter');
  }
  keepAlive(): string {
    return ': keep-alive\n\n';
  }
}
export function writeResponsesAnswer(_parts: readonly StreamPart[], _options: ResponsesWriterOptions): ResponsesResponse {
  throw missing('writeResponsesAnswer');
}
export function responsesConversationItems(_request: ResponsesRequest, _response: ResponsesResponse): ResponsesInputItem[] {
  throw missing('responsesConversationItems');
}
export function toResponsesFailure(error: GatewayError): { code: string; message: string } {
  return { code: error.code ?? 'server_error', message: error.message };
}
