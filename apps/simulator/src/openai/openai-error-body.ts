function errorType(status: number): string {
  if (status === 429) return 'requests';
  if (status === 403) return 'permission_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function errorCode(status: number): string | null {
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 401) return 'invalid_api_key';
  return null;
}

/**
 * `{"error":{"message","type","param","code"}}`. Azure fills `code` with the status as a string,
 * as its gateway errors do.
 */
export function openAIErrorBody(status: number, message: string, azure: boolean): string {
  const code = azure ? String(status) : errorCode(status);
  return JSON.stringify({ error: { message, type: errorType(status), param: null, code } });
}
