/**
 * The wire formats spoken on either side of the gateway. A surface and an adapter that speak
 * the same one exchange natively (the body goes up and the bytes come back nearly untouched).
 */
export type WireFormat = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini' | 'bedrock-converse';
