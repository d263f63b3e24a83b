import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { PackageJob } from './config.js';
import { OutputError } from './output/folder.js';
import { lockOutput, type OutputLock } from './output/write.js';
import { type RunSettings, runPackage } from './run-package.js';

/**
 * --watch (issue 13, item 4): generate every package once, then regenerate a package each time its
 * spec is saved, in this warm process (the emitters stay loaded: a regeneration costs what the
 * work costs, not the imports). The output folders stay locked for the whole watch, so no other
 * run writes them meanwhile; Ctrl-C (SIGINT) or SIGTERM lets a regeneration in progress finish,
 * releases the locks and exits 0.
 *
 * What it writes is a draft (issue 21): over a previous output, the version, CHANGELOG.md and
 * the API summary stay as they were, and the manifest records no inputs, so the next normal
 * `generate` is the release (one bump, one CHANGELOG entry for all the saves).
 *
 * The spec's folder is watched, not the file: editors save by writing a new file and renaming it
 * over the old one, which ends a watch on the file itself. Saves are debounced (an editor's save
 * is often several events) and regenerations run one at a time. A broken spec prints its located
 * error and leaves the folder as it was (runPackage writes nothing then); the next save tries again.
 */

/** An editor's save is a write and a rename, milliseconds apart; 100 ms waits them out without being felt. */
const DEBOUNCE_MS = 100;

export async function watchPackages(jobs: PackageJob[], settings: Omit<RunSettings, 'lock'>): Promise<number> {
  const locks: OutputLock[] = [];
  const releaseAll = async () => {
    for (const lock of locks.splice(0)) await lock.release().catch(() => undefined);
  };
  try {
    for (const job of jobs) locks.push(await lockOutput(job.out));
  } catch (error) {
    await releaseAll();
    if (!(error instanceof OutputError)) throw error;
    settings.err(`slbkit-generate: ${error.message}`);
    return 2;
  }
  // Listened for from the start: Ctrl-C during the first generation also releases the locks.
  let stopRequested: () => void = () => undefined;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const stop = () => {
    stopping = true;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stopRequested();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let queue: Promise<unknown> = Promise.resolve();
  const regenerate = (index: number) => {
    // A draft: the first run on a previous output and every save keep its version and CHANGELOG.md (run-package.ts).
    queue = queue
      .then(() => runPackage(jobs[index]!, { ...settings, lock: locks[index], oneLine: true, draft: true }))
      .catch((error: unknown) => {
        // A bug, not a spec problem: said in one line, and the watch goes on.
        settings.err(
          `slbkit-generate: internal error while regenerating ${jobs[index]!.out}: ${String((error as Error)?.message ?? error).split('\n', 1)[0]} (please report it with the spec)`,
        );
      });
    return queue;
  };
  jobs.forEach((_, index) => void regenerate(index));
  await Promise.race([queue, stopped]);

  const timers = new Map<number, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];
  if (!stopping)
    jobs.forEach((job, index) => {
      try {
        const watcher = watch(dirname(job.spec), (_event, name) => {
          if (name !== basename(job.spec)) return;
          clearTimeout(timers.get(index));
          timers.set(
            index,
            setTimeout(() => void regenerate(index), DEBOUNCE_MS),
          );
        });
        // The folder removed or unreadable later: said once; the other packages are still watched.
        watcher.on('error', (error) =>
          settings.err(`slbkit-generate: stopped watching ${job.spec} (${(error as NodeJS.ErrnoException).code ?? error.message})`),
        );
        watchers.push(watcher);
      } catch (error) {
        settings.err(
          `slbkit-generate: cannot watch ${job.spec} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its folder must exist`,
        );
      }
    });
  if (!stopping) settings.out(`watching ${jobs.length === 1 ? jobs[0]!.spec : `${jobs.length} specs`} for changes; Ctrl-C stops`);
  await stopped;
  for (const watcher of watchers) watcher.close();
  for (const timer of timers.values()) clearTimeout(timer);
  await queue;
  await releaseAll();
  settings.out('stopped watching');
  return 0;
}
