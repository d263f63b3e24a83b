import { getHeapStatistics } from 'node:v8';

/**
 * Each emitter leaves hundreds of MB of garbage on a large spec (ajv's compiler, openapi-typescript's
 * AST, ts-morph's project) that V8 would otherwise collect late: peak memory at 2,000 operations
 * was 3x what is live. When node runs with --expose-gc (npm run generate does), collect between them.
 */
export function collectGarbage(): void {
  // Only where it pays: a full collection costs 30-60 ms, and on a small spec (the bundled one:
  // about 100 MiB of heap) eight of them were a quarter of the run's CPU (bench/RESULTS.md).
  if (getHeapStatistics().used_heap_size > GC_THRESHOLD_BYTES) (globalThis as { gc?: () => void }).gc?.();
}

const GC_THRESHOLD_BYTES = 256 * 1024 * 1024;
