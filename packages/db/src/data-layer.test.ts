import { createDatabase } from './create-database';
import { describeDataLayer } from './describe-data-layer';

describeDataLayer('pglite', async () => {
  const database = await createDatabase({ inMemory: true });
  return { database, dispose: () => database.close() };
});
