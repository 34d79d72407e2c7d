import { anthropicDialect } from '../anthropic/anthropic-dialect';
import { azureOpenAIDialect } from '../azure-openai/azure-openai-dialect';
import { bedrockDialect } from '../bedrock/bedrock-dialect';
import { geminiDialect } from '../gemini/gemini-dialect';
import { openAIDialect } from '../openai/openai-dialect';
import type { SimulatedFormat } from '../simulated-behaviour';
import { vertexDialect } from '../vertex/vertex-dialect';
import type { WireDialect } from './wire-dialect';

export const DIALECTS: Readonly<Record<SimulatedFormat, WireDialect>> = {
  openai: openAIDialect,
  anthropic: anthropicDialect,
  gemini: geminiDialect,
  'azure-openai': azureOpenAIDialect,
  bedrock: bedrockDialect,
  vertex: vertexDialect,
};
