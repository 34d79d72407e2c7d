import type { OpenAICompatibleProfile } from './openai-compatible-profile';
import { defaultProfile } from './openai-compatible-profile';

// Each entry names only what differs from OpenAI, as the provider's API reference describes it.
// A provider added through the config file or the admin API under one of these ids gets its
// profile; any other id gets the default.

/** DeepSeek: the `thinking: {type}` switch, the chain of thought in `reasoning_content`. */
const deepseek: OpenAICompatibleProfile = { thinkingControl: 'deepseek-thinking', reasoningFields: ['reasoning_content'] };

/**
 * Z.ai (GLM): the same `thinking: {type}` switch as DeepSeek, reasoning in `reasoning_content`.
 */
const zai: OpenAICompatibleProfile = { thinkingControl: 'deepseek-thinking', reasoningFields: ['reasoning_content'] };

/** Alibaba DashScope (Qwen3, compatible mode): `enable_thinking`, reasoning in `reasoning_content`. */
const dashscope: OpenAICompatibleProfile = { thinkingControl: 'enable-thinking', reasoningFields: ['reasoning_content'] };

/** SiliconFlow serves Qwen3 and DeepSeek with the same `enable_thinking` switch and `reasoning_content`. */
const siliconflow: OpenAICompatibleProfile = { thinkingControl: 'enable-thinking', reasoningFields: ['reasoning_content'] };

/** Moonshot (Kimi): thinking models stream `reasoning_content`. */
const moonshot: OpenAICompatibleProfile = { reasoningFields: ['reasoning_content'] };

/**
 * Cerebras: gpt-oss streams its reasoning as `reasoning`; the API refuses OpenAI's penalties,
 * `logit_bias` and `parallel_tool_calls`.
 */
const cerebras: OpenAICompatibleProfile = {
  // No thinkingControl: the default sends reasoning_effort to reasoning models (gpt-oss) only.
  reasoningFields: ['reasoning'],
  unsupportedFields: ['frequency_penalty', 'presence_penalty', 'logit_bias', 'parallel_tool_calls'],
};

/**
 * Cohere's compatibility endpoint refuses `stream_options` (clients pass `stream_options: None`
 * to it), and reads the output limit as `max_tokens`.
 */
const cohere: OpenAICompatibleProfile = {
  streamUsage: false,
  maxTokensField: 'max_tokens',
  unsupportedFields: ['stream_options', 'parallel_tool_calls', 'logit_bias', 'store', 'service_tier'],
};

/** Perplexity (Sonar): no tool calling; `max_tokens` is its output limit. */
const perplexity: OpenAICompatibleProfile = {
  maxTokensField: 'max_tokens',
  unsupportedFields: ['tools', 'tool_choice', 'parallel_tool_calls', 'logit_bias'],
};

/** xAI: grok reasoning models refuse the penalties and `stop`; reasoning arrives as `reasoning_content`. */
const xai: OpenAICompatibleProfile = {
  reasoningFields: ['reasoning_content'],
  unsupportedFields: ['frequency_penalty', 'presence_penalty', 'stop'],
};

/** Local servers stream reasoning as llama.cpp's `reasoning_content` (--reasoning-format deepseek) or `reasoning`. */
const local: OpenAICompatibleProfile = { reasoningFields: ['reasoning_content', 'reasoning'] };

export const openAICompatibleProfiles: Readonly<Record<string, OpenAICompatibleProfile>> = {
  deepseek,
  zai,
  dashscope,
  siliconflow,
  moonshot,
  cerebras,
  cohere,
  perplexity,
  xai,
  // Groq refuses logprobs and logit_bias; `n` above 1 is left to fail there rather than be quietly dropped.
  groq: { reasoningFields: ['reasoning'], unsupportedFields: ['logit_bias', 'logprobs', 'top_logprobs'] },
  openrouter: { reasoningFields: ['reasoning', 'reasoning_content'] },
  lmstudio: local,
  llamacpp: local,
  ollama: local,
  vllm: local,
};

/** The profile of a provider id, over the default (a profile names only what differs). */
export function profileFor(providerId: string): OpenAICompatibleProfile & typeof defaultProfile {
  return { ...defaultProfile, ...openAICompatibleProfiles[providerId] };
}
