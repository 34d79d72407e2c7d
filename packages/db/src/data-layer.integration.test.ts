import { createTestDatabase } from '@switchboard/testkit';
import { createDatabase } from './create-database';
import { describeDataLayer } from './describe-data-layer';

describeDataLayer('postgres', async () => {
  const testDatabase = await createTestDatabase();
  const database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  return {
    database,
    async dispose() {
      await database.close();
      await testDatabase.drop();
    },
  };
});
