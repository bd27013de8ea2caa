import { describe, expect, it } from 'vitest';
import { chartSummary } from './chartSummary';

describe('a chart in words', () => {
  it('names the window and each client’s highest value and when', () => {
    const table = {
      columns: [
        { clientId: 'A', key: 's0' },
        { clientId: '', key: 's1' },
      ],
      rows: [
        { t: 0, s0: 0, s1: 0 },
        { t: 12_300, s0: 10, s1: 0 },
        { t: 15_000, s0: 4, s1: 0 },
      ],
      others: [{}, {}],
    };
    expect(chartSummary('Stored messages per session', table, -1_000, 58_000)).toBe(
      'Stored messages per session, 0:00:00.0 to 0:00:58.0, highest per client: A: 10 at 0:00:12.3; (empty id): 0; and 2 others.',
    );
    expect(chartSummary('In flight', { columns: [], rows: [] }, 0, 60_000)).toBe(
      'In flight, 0:00:00.0 to 0:01:00.0: nothing in this window.',
    );
    expect(
      chartSummary(
        'Deliveries per second',
        { columns: [{ clientId: 'A', key: 's0' }], rows: [{ t: 2_000, s0: 9.5 }] },
        0,
        10_000,
        '/s',
      ),
    ).toContain('A: 9.5/s at 0:00:02.0');
  });
});
