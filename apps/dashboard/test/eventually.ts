/** Polls until `check` returns something other than undefined, or fails after `timeoutMs` with the last state seen. */
export async function eventually<Value>(
  check: () => Promise<Value | undefined>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
