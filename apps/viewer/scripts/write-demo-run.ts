/**
 * `pnpm --filter @cuts/viewer demo-run <dir> [--volumes]`: writes a test fixture run to look at:
 * 3 synthetic 128² images, or with --volumes the native-grid run (2 real FLAIR volumes and a real
 * ultrasound PNG from ../shared/data, native/index.json, labels_native/).
 */
import path from 'node:path';
import { writeFixtureRun } from '../src/test-utils/fixture-run.js';
import { writeVolumeRun } from '../src/test-utils/volume-run.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: pnpm --filter @cuts/viewer demo-run <dir> [--volumes]');
  process.exit(2);
}
const write = args.includes('--volumes') ? writeVolumeRun : writeFixtureRun;
console.log(`wrote ${await write(path.resolve(dir))}`);
