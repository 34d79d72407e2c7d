import { createDatabase } from '@switchboard/db';
import { describeProviderKeyStore } from './describe-provider-key-store';

describeProviderKeyStore('pglite', async () => {
  const database = await createDatabase({ inMemory: true });
  return { database, dispose: () => database.close() };
});
