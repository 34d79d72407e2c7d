import type { ResponsesInputItem, ResponsesRequest, ResponsesResponse } from './responses-types';

/**
 * The items a later turn with `previous_response_id` replays, as OpenAI keeps a conversation:
 * this request's input items (a string input as a user message), then the response's output
 * items, which are valid input items as they are. Instructions are not part of it: OpenAI does
 * not carry them over to the next response either.
 */
export function responsesConversationItems(request: ResponsesRequest, response: ResponsesResponse): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  const input = request.input;
  if (typeof input === 'string') items.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] });
  else if (Array.isArray(input)) items.push(...input);
  for (const item of response.output) items.push(item as ResponsesInputItem);
  return items;
}
