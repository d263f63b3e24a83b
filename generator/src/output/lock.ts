import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * One run at a time per output folder: `<folder>.slbkit-lock` beside it holds the pid of the run
 * that writes it. A second run finds it and is refused at once (it does not wait: a generation
 * takes seconds, and a CI job that starts two on one folder has a bug worth seeing). A lock whose
 * pid no longer runs (a run killed by a signal) is stale and taken over.
 *
 * Limits: the pid is checked on this machine only (two machines sharing a network folder, or two
 * containers with their own pid spaces, can each take a lock the other thinks is stale); a dead
 * run's pid reused by another process keeps the lock until the file is removed by hand (the
 * message says so).
 */

export class LockError extends Error {
  override readonly name = 'LockError';
}

export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

export function lockPathOf(folder: string): string {
  return `${folder}.slbkit-lock`;
}

export async function acquireLock(folder: string): Promise<HeldLock> {
  const path = lockPathOf(folder);
  // Written whole under a name of our own, then hard-linked into place: link() fails with EEXIST
  // when the lock exists (atomic, also on NFS), and a lock is never seen half-written.
  const mine = `${path}.${process.pid}`;
  // 'wx' (O_EXCL): never follows a link planted under this name; a leftover of ours is removed first.
  await rm(mine, { force: true });
  await writeFile(mine, `${process.pid}\n`, { flag: 'wx' });
  try {
    // A few rounds: another run may take over or release the lock between our steps.
    for (let round = 0; round < 5; round++) {
      try {
        await link(mine, path);
        return { path, release: () => rm(path, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder === 'gone') continue;
      if (holder === 'unreadable')
        throw new LockError(`${path} exists but holds no pid; if no slbkit-generate is writing ${folder}, remove that file`);
      if (holder !== process.pid && isRunning(holder)) {
        throw new LockError(
          `${folder} is being written by another slbkit-generate (pid ${holder}); run again when it has finished (if pid ${holder} is not slbkit-generate, remove ${path})`,
        );
      }
      await takeOverStale(path, holder);
    }
    throw new LockError(`could not take ${path}: other runs keep taking it; run again`);
  } finally {
    await rm(mine, { force: true });
  }
}

/**
 * Move a stale lock out of the way. Rename, not unlink: if two runs find the same stale lock,
 * only one rename succeeds. If what was moved is not the lock we judged stale (a third run took
 * it over in between), it is put back.
 */
async function takeOverStale(path: string, stalePid: number): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: the next round tries again
  }
  const moved = await readHolder(aside);
  if (moved !== stalePid) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

async function readHolder(path: string): Promise<number | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  return /^\d{1,10}\n?$/.test(text) ? Number(text.trim()) : 'unreadable';
}

/** Signal 0 checks that the process exists without touching it; EPERM means it runs as another user. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
