import { type ChatCompletionRequest, type FunctionTool, invalidRequest, type ToolChoice } from '@switchboard/protocol';
import { rejectUnhonouredChoices } from '../reject-unhonoured-choices';
import { convertReasoningEffort } from './convert-reasoning-effort';
import { convertToGeminiContents } from './convert-to-gemini-contents';
import { convertToGeminiSchema } from './convert-to-gemini-schema';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerateContentRequest,
  GeminiGenerationConfig,
  GeminiToolConfig,
} from './gemini-api';

/**
 * Gemini 3 and later reject replayed function calls that carry no thought signature, and take
 * thinking levels instead of budgets.
 */
function isGemini3OrLater(upstreamModel: string): boolean {
  const major = /(?:^|\/)gemini-(\d+)/.exec(upstreamModel)?.[1];
  return major !== undefined && Number(major) >= 3;
}

function numberField(request: ChatCompletionRequest, field: string): number | undefined {
  const value = request[field];
  return typeof value === 'number' ? value : undefined;
}

function toFunctionDeclaration(tool: FunctionTool): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
  if (tool.function.description) declaration.description = tool.function.description;
  const parameters = convertToGeminiSchema(tool.function.parameters);
  // An OBJECT without properties is refused ("should be non-empty for OBJECT type"); a function
  // that takes nothing is declared without parameters instead.
  if (parameters.properties && Object.keys(parameters.properties).length > 0) declaration.parameters = parameters;
  return declaration;
}

function toToolConfig(choice: ToolChoice): GeminiToolConfig {
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (typeof choice === 'object') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  return { functionCallingConfig: { mode: 'AUTO' } };
}

function toGenerationConfig(request: ChatCompletionRequest, upstreamModel: string): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  const topK = numberField(request, 'top_k');
  if (topK !== undefined) config.topK = topK;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxOutputTokens = maxTokens;
  if (typeof request.stop === 'string') config.stopSequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) config.stopSequences = request.stop;
  if (typeof request.seed === 'number') config.seed = request.seed;
  const presencePenalty = numberField(request, 'presence_penalty');
  if (presencePenalty !== undefined) config.presencePenalty = presencePenalty;
  const frequencyPenalty = numberField(request, 'frequency_penalty');
  if (frequencyPenalty !== undefined) config.frequencyPenalty = frequencyPenalty;

  const format = request.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    const definition = format.json_schema;
    const schema = definition && typeof definition === 'object' ? (definition as { schema?: unknown }).schema : undefined;
    if (schema === undefined) throw invalidRequest('response_format json_schema needs json_schema.schema', 'response_format');
    config.responseSchema = convertToGeminiSchema(schema);
  }
  if (typeof request.reasoning_effort === 'string') {
    const thinkingConfig = convertReasoningEffort(request.reasoning_effort, isGemini3OrLater(upstreamModel));
    if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  }
  return config;
}

/** The Gemini generateContent body for an OpenAI chat request (the model goes in the URL). */
export function convertToGeminiRequest(request: ChatCompletionRequest, upstreamModel: string): GeminiGenerateContentRequest {
  // Gemini has candidateCount and logprobs, but the exchange core's parts carry one choice and
  // no probabilities, so asking for them would quietly get one choice back.
  rejectUnhonouredChoices(request, 'Gemini');
  const { systemInstruction, contents } = convertToGeminiContents(request.messages, {
    signFunctionCalls: isGemini3OrLater(upstreamModel),
  });
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;

  const functions = (request.tools ?? []).filter((tool) => tool.type === 'function');
  if (functions.length > 0) {
    body.tools = [{ functionDeclarations: functions.map(toFunctionDeclaration) }];
    if (request.tool_choice !== undefined) body.toolConfig = toToolConfig(request.tool_choice);
  }

  const generationConfig = toGenerationConfig(request, upstreamModel);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}
