import { createDatabase } from '@switchboard/db';
import { describeApiKeyStore } from './describe-api-key-store';

describeApiKeyStore('pglite', async () => {
  const database = await createDatabase({ inMemory: true });
  return { database, dispose: () => database.close() };
});
