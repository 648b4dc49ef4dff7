/** `pnpm --filter @cuts/viewer demo-run <dir>`: writes the test fixture run (3 synthetic images) to look at. */
import path from 'node:path';
import { writeFixtureRun } from '../src/test-utils/fixture-run.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: pnpm --filter @cuts/viewer demo-run <dir>');
  process.exit(2);
}
console.log(`wrote ${await writeFixtureRun(path.resolve(dir))}`);
