/**
 * The keep-alive of the SSE surfaces before (or instead of) their own: a comment, which every
 * SSE parser skips, so it keeps a connection alive without being an event.
 */
export const SSE_KEEP_ALIVE_COMMENT = ': keep-alive\n\n';
