import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrismEngine } from './prism-engine.js';
import { loadWireModel } from './wire-model.js';

// Prism's own log records (pino JSON such as {"level":40,"name":"slbkit-mock","msg":...}) used to
// go to the mock's stdout as they are (issue 21). Now each is one line through the mock's `warn`:
// `slbkit mock: prism: <message>`. Driven through the real engine with requests Prism itself
// refuses (the mock's own check, which normally answers them first, is not in front here).

const SPEC = join(import.meta.dirname, '../../generator/test/install/api.yaml');

describe("Prism's warnings, one line each", () => {
  // Prism gets each operation on a path of its own (`/_op/N`, parameters checked by the mock): an Accept it cannot serve.
  it.each([['an Accept header Prism cannot serve', { method: 'GET', path: '/_op/0', query: {}, headers: { accept: 'text/csv' } }]])(
    '%s',
    async (_what, request) => {
      const model = await loadWireModel(SPEC);
      const lines: string[] = [];
      const engine = loadPrismEngine(model.prismDocument, { warn: (line) => lines.push(line) });
      await engine.answer(request);
      expect(lines[0]).toBe('slbkit mock: prism: Unable to find content for text/csv');
      for (const line of lines) expect(line).toMatch(/^slbkit mock: prism: [^{\n]/);
    },
  );
});
