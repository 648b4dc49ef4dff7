/**
 * Checks a run folder against the contract and prints what it holds.
 * Usage: pnpm --filter @cuts/run-folder example <run-dir>
 */
import { RUN_FILES, runPaths } from '@cuts/run-folder';
import { readRunFolder } from '@cuts/run-folder/node';

const dir = process.argv[2];
if (!dir) throw new Error('usage: check-run <run-dir>');
try {
  const run = await readRunFolder(dir); // every contract file, validated; the version first
  const log = run.trainingLog!;
  console.log(`format ${run.marker.schemaVersion}, written by ${run.marker.writer}`);
  console.log(
    `${RUN_FILES.trainingLog}: ${log.history.length} epochs, best ${log.bestEpoch}, train loss ${log.history.map((e) => e.trainLoss?.toFixed(3)).join(' → ')}`,
  );
  console.log(
    `${RUN_FILES.metrics}: ${run.metrics!.length} rows; ${RUN_FILES.summary}: ${Object.keys(run.summary!.metrics).join(', ')}`,
  );
  const [id, levels] = Object.entries(run.levelsIndex!)[0];
  console.log(`${id}: coarsest level ${runPaths.level(id, levels[0])}`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 2;
}
