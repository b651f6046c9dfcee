// A gateway in its own process for the crash test: loads a config file, opens its SQLite file,
// listens on a random port and prints it. The test kills it with SIGKILL mid-request.

import { buildApp } from '../../../server/src/app';
import { loadConfigFile } from '../../../server/src/config';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';

const configFile = process.argv[2];
if (configFile === undefined) throw new Error('usage: reset-crash-child.ts <config.json>');
const config = loadConfigFile(configFile);
const storage = openSqliteStorage({ file: config.databaseFile });
const app = await buildApp({ config, storage, logDestination: { write: () => undefined } });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
