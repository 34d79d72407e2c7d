/** Azure's content-filter verdict for harmless text, as it annotates prompts and choices. */
export const AZURE_SAFE_FILTER_RESULTS = Object.freeze({
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
});

export const AZURE_PROMPT_FILTER_RESULTS = Object.freeze([
  { prompt_index: 0, content_filter_results: AZURE_SAFE_FILTER_RESULTS },
]);
