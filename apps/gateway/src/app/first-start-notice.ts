export interface FirstStartNotice {
  url: string;
  firstApiKey: string | undefined;
  bootstrapToken: string | undefined;
  /** Where writeFirstStartSecrets put them. */
  secretsPath: string | undefined;
}

/**
 * What `npm start` prints about the secrets this start generated: the secrets themselves only on
 * a terminal (a person is reading); elsewhere (container logs, systemd's journal) only the path
 * of the 0600 file that holds them.
 */
export function firstStartNotice(notice: FirstStartNotice, stdoutIsTerminal: boolean): string {
  if (notice.firstApiKey === undefined && notice.bootstrapToken === undefined) return '';
  if (!stdoutIsTerminal) {
    return `\n  This first start generated ${[
      notice.firstApiKey === undefined ? undefined : 'a gateway key',
      notice.bootstrapToken === undefined ? undefined : 'an admin token',
    ]
      .filter(Boolean)
      .join(' and ')}: they are in ${notice.secretsPath ?? 'DATA_DIR'} (readable only by this user), not in this log.\n`;
  }
  let message = '';
  if (notice.firstApiKey !== undefined) {
    message +=
      `\n  Your first gateway key (shown once; create more in the admin API):\n` +
      `    ${notice.firstApiKey}\n` +
      `    use it as the SDK's apiKey: new OpenAI({ baseURL: '${notice.url}/v1', apiKey: '<this key>' })\n`;
  }
  if (notice.bootstrapToken !== undefined) {
    message +=
      `\n  Admin token (shown once, stored only as a hash; set ADMIN_TOKEN to choose your own):\n` +
      `    ${notice.bootstrapToken}\n`;
  }
  if (notice.secretsPath !== undefined)
    message += `\n  Also written to ${notice.secretsPath} (mode 0600): delete it once stored.\n`;
  return message;
}
