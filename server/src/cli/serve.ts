// `server serve`: run the gateway until SIGINT/SIGTERM, then finish in-flight requests and stop.

import { buildApp, listenWithGracefulShutdown } from '../app';
import { openConfiguredStorage } from '../storage/open-storage';
import { CONFIG_OPTION, loadConfig, parse, type CliCommand } from './common';

export const serveCommand: CliCommand = {
  summary: 'run the gateway over HTTPS (graceful stop on SIGINT/SIGTERM)',
  usage: '--config <file> [--port <n>]',
  async run(argv) {
    const v = parse(argv, { ...CONFIG_OPTION, port: { type: 'string' } });
    const config = loadConfig(v.config);
    const port = v.port === undefined ? config.listen.port : Number(v.port);
    const storage = await openConfiguredStorage(config);
    const app = await buildApp({ config, storage });
    if (config.cardTrust.anchorFiles.length === 0) {
      app.log.warn('no card trust anchors configured: every card login will be refused');
    }
    const address = await listenWithGracefulShutdown(app, config.listen.host, port);
    // One plain line for scripts and tests to wait on; the JSON logs carry the rest.
    process.stderr.write(`esr-gateway listening on ${address}\n`);
    return -1;
  },
};
