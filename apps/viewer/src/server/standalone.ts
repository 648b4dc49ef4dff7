#!/usr/bin/env node
/**
 * `node dist/server/standalone.js <run-dir> [--port N] [--host H]`: the viewer without
 * the cuts CLI (development, or a machine with only this package built). `cuts view`
 * does the same through startViewerServer.
 */
import { parseArgs } from 'node:util';
import { startViewerServer } from './server.js';

const usage = 'usage: node dist/server/standalone.js <run-dir> [--port N] [--host 127.0.0.1]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`--port: expected an integer 0-65535, got "${values.port}"`);
    process.exitCode = 2;
    return;
  }
  const server = await startViewerServer({ runDir: positionals[0], port, host: values.host });
  if (server.warning) console.error(server.warning);
  console.log(`cuts viewer: ${server.url}  (Ctrl-C to stop)`);
  process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = err instanceof Error && err.name === 'CutsInputError' ? 2 : 1;
});
