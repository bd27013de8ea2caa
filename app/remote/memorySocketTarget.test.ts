import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../broker';
import { referenceOverrides } from './check/reference';
import { runCheck } from './check/runCheck';
import { createMemorySocketTarget } from './memorySocketTarget';
import { runNaming } from './naming';
import { createMemoryTarget } from './node/memoryTarget';

const figures = { expiry: 3, queue: 20 };

/**
 * The page's check makes each profile's column with our broker in memory reached over
 * WebSocket-shaped sockets (the Node check uses streams, which the page has not). The same
 * probes must find the same on both, profile by profile: the page's table says what the
 * command's says.
 */
describe('the in-memory target the page uses finds what the Node one finds', () => {
  it.each(PROFILE_NAMES)('%s', async (profile) => {
    const overrides = referenceOverrides(profile, figures);
    const page = createMemorySocketTarget(profile, overrides);
    const node = createMemoryTarget(profile, overrides);
    try {
      const [a, b] = [
        await runCheck(page, { ...figures, naming: runNaming() }),
        await runCheck(node, { ...figures, naming: runNaming() }),
      ];
      expect(a.problems).toEqual([]);
      expect(a.findings).toEqual(b.findings);
      expect(Object.keys(a.findings).length).toBeGreaterThan(15);
    } finally {
      await page.close();
      await node.close();
    }
  });
});
