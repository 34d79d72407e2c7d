import { describe, expect, it } from 'vitest';
import { describeInternalHostName } from './describe-internal-host-name';

describe('describeInternalHostName', () => {
  it.each([
    ['localhost', 'is this machine'],
    ['localhost.', 'is this machine'],
    ['api.localhost', '.localhost'],
    ['api.localhost.', '.localhost'],
    ['printer.local', '.local'],
    ['metadata.google.internal', '.internal'],
    ['metadata.google.internal.', '.internal'],
    ['vault.corp.internal', '.internal'],
    ['nas.home.arpa', '.home.arpa'],
    ['box.localdomain', '.localdomain'],
    ['metadata', 'single-label'],
    ['metadata.', 'single-label'],
    ['ollama', 'single-label'],
  ])('%s is internal (%s)', (hostname, meaning) => {
    expect(describeInternalHostName(hostname)).toContain(meaning);
  });

  it.each([
    'api.deepseek.com',
    'api.openai.com',
    'api.anthropic.com',
    'localhost.example.com',
    'internal.example.com',
    'local.io',
    'api.deepseek.com.',
  ])('%s is an ordinary name', (hostname) => {
    expect(describeInternalHostName(hostname)).toBeUndefined();
  });
});
