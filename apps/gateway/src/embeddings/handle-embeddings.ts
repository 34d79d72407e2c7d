import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeEmbeddingsAsBase64, GatewayError, validateEmbeddingsRequest } from '@switchboard/protocol';
import type { UpstreamRequest } from '@switchboard/providers';
import { keyPolicy } from '../access/key-routing-rights';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import { attemptWholeJson } from '../attempts/attempt-whole-json';
import { runRoutedRequest } from '../attempts/run-routed-request';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { measureInputSize } from '../routing/estimate-input-tokens';
import { policyFromHeader, routeRequestFromEmbeddings } from '../routing/route-request-from-body';
import { readAttribution } from '../usage/read-attribution';

/** POST /v1/embeddings, through any adapter whose wire format has embeddings. */
export async function handleEmbeddings(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  const request = validateEmbeddingsRequest(await readJsonBody(incoming, gateway.settings));
  readAttribution(incoming, request, record);
  record.requestedModel = request.model;
  const routeRequest = routeRequestFromEmbeddings(
    request,
    policyFromHeader(incoming.headers['x-switchboard-policy']) ?? keyPolicy(record),
  );
  // Token-array inputs count 8 a number here, above the one token each is.
  const key = record.apiKey;
  if (key && (key.tpmLimit !== null || key.budgetMicros !== null)) record.inputSize = measureInputSize(request.input);
  await runRoutedRequest(gateway, routeRequest, clientSignal, outgoing, record, (attempt, attemptNumber, signal) => {
    const { embeddingsRequest, embeddingsResponse } = attempt.adapter;
    if (!embeddingsRequest || !embeddingsResponse) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'model_wrong_endpoint',
        param: 'model',
        message: `Provider '${attempt.provider.id}' has no embeddings endpoint.`,
      });
    }
    let upstreamRequest: UpstreamRequest;
    try {
      upstreamRequest = embeddingsRequest({ ...request }, adapterTarget(attempt));
    } catch (error) {
      // The adapter refuses input its wire format cannot carry (token arrays for Gemini).
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'unsupported_input',
        param: 'input',
        message: (error as Error).message,
      });
    }
    return attemptWholeJson(gateway, upstreamRequest, attempt, attemptNumber, signal, outgoing, record, (text) => {
      const result = embeddingsResponse(text, {
        requestedModel: request.model,
        upstreamModel: attempt.model.upstream,
        request,
      });
      const response = request.encoding_format === 'base64' ? encodeEmbeddingsAsBase64(result.response) : result.response;
      return { body: JSON.stringify(response), usage: result.usage };
    });
  });
}
