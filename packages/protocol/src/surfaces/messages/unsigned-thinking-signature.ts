/**
 * The `signature` of a thinking block whose reasoning came from a provider that signs nothing
 * (DeepSeek's `reasoning_content`, OpenAI-shaped servers, Gemini thought summaries).
 *
 * Claude Code drops a streamed thinking block that closes without a `signature_delta` (and the
 * whole turn with it), and the SDK types make `signature` a required string, so one must be
 * sent. Anthropic's signatures are opaque proofs we cannot make, so a forged-looking value would
 * be a lie, and an empty one is what Claude Code treats as missing. Like other
 * Anthropic-compatible fronts for unsigned models, we send a fixed, plainly non-Anthropic marker:
 * clients keep the block, a replay through a translated provider carries the text as
 * `reasoning_content` (DeepSeek needs it back), and the gateway can recognise the marker and
 * strip such blocks before a replay reaches Anthropic, which would reject them.
 */
export const UNSIGNED_THINKING_SIGNATURE = 'switchboard-unsigned-thinking';
