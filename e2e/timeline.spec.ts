import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { Playground } from './playground';

/** The marks of a lane in "The timeline as text": their kind, label and simulated time. */
async function marks(page: Page, lane: string) {
  const items = page.locator(
    `[data-testid="lane-text"][data-lane="${lane}"] [data-testid="mark-text"]`,
  );
  return items.evaluateAll((els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-kind'),
      at: Number(e.getAttribute('data-at')),
      text: e.textContent ?? '',
    })),
  );
}

const clock = (ms: number) => {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
};

test('the timeline of the seed story: lanes, the store filling and draining, the replay pace, the expiry', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lab = new Playground(page);
  await lab.open();
  const { a } = await lab.storedAndReplayed(10);
  await expect(lab.session('A').getByTestId('replay')).toContainText('Replay finished');

  await page.getByText('The timeline as text').click();
  const lanes = page.getByTestId('lane-text');
  await expect(lanes).toHaveCount(2);
  const laneA = page.locator('[data-testid="lane-text"][data-lane="A"]');
  await expect(laneA.getByTestId('lane-store')).toHaveText('Store peak 10');
  const aMarks = await marks(page, 'A');
  expect(aMarks.map((m) => m.kind)).toEqual([
    'connack',
    'disconnect',
    'connack',
    'replay-start',
    'replay-end',
  ]);
  expect(aMarks[2]!.text).toContain('CONNACK sessionPresent=1');
  expect(aMarks[4]!.text).toContain('replay done: 10 in 900 ms');

  // The charts: the store rose to 10 and the deliveries met the 10 msg/s ceiling.
  await page.getByRole('button', { name: 'Fit all' }).click();
  await expect(page.getByTestId('chart-stored')).toContainText('peak 10');
  await expect(page.getByTestId('chart-deliveries')).toContainText('replay limit 10/s');
  await expect(page.getByTestId('chart-deliveries')).toContainText('peak 10/s');
  await lab.shot('timeline-1-seed');

  // Inspect the resumed CONNACK: its rule and its bytes.
  await laneA.getByRole('button', { name: /CONNACK sessionPresent=1/ }).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-rule')).toContainText('MQTT-3.2.2-1..3');
  await expect(inspector.getByTestId('inspector-rule')).toContainText(
    '(MQTT 3.1.1; in 5.0: MQTT-3.2.2-2..3)',
  );
  await expect(inspector.getByTestId('inspector-hex')).toContainText('20 02 01 00');
  await lab.shot('timeline-2-inspector');

  // The expiry: A leaves, the clock runs fast, the lane gets its expiry mark.
  await a.disconnect();
  await lab.speed(3600);
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('expired', {
    timeout: 60_000,
  });
  await lab.speed(1);
  await expect(laneA.locator('[data-kind="expired"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Fit all' }).click();
  await lab.shot('timeline-3-expired');
});

test('time travel shows the playground as it was, then returns to live', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const { a } = await lab.storedAndReplayed(4);

  await page.getByText('The timeline as text').click();
  const aMarks = await marks(page, 'A');
  const left = aMarks.find((m) => m.kind === 'disconnect')!.at;
  const back = aMarks.filter((m) => m.kind === 'connack')[1]!.at;
  expect(back).toBeGreaterThan(left);
  // Just before A came back: away, 4 stored, nothing received yet.
  const moment = back - 50;
  await page.getByLabel('Time to travel to').fill(clock(moment));
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByTestId('travel-banner')).toContainText('Showing the playground at');
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('client away');
  await expect(lab.session('A').getByTestId('stored-count')).toHaveText('4');
  await expect(a.status()).toHaveText('offline');
  await expect(a.receivedCount()).toHaveText('0');
  await expect(a.root.getByRole('button', { name: 'Connect', exact: true })).toBeDisabled();
  await lab.shot('travel-1-past');

  await page.getByTestId('travel-banner').getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByTestId('travel-banner')).toHaveCount(0);
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('connected');
  await expect(a.receivedCount()).toHaveText('4');

  // A bad time gets a message, and nothing changes.
  await page.getByLabel('Time to travel to').fill('yesterday');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'a time like' })).toBeVisible();
  await expect(page.getByTestId('travel-banner')).toHaveCount(0);
});

test('the timeline exports as JSON, SVG and PNG', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'SVG' }).click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('>broker</text>');
  expect(svg).toContain('>A</text>');
  // A picture that stands alone (issue 16, item 12): a title, the profile, the time range
  // and a legend, not the lanes alone.
  expect(svg).toContain('>Timeline</text>');
  expect(svg).toMatch(
    />Broker: AWS IoT Core · simulated time 0:00:00\.0 – 0:00:5\d\.\d · 1 client lane/,
  );
  expect(svg).toContain('>CONNACK sessionPresent=1</text>');
  expect(svg).toContain('>away, session kept</text>');
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PNG', exact: true }).click();
  const png = readFileSync(await (await pngDownload).path());
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  // The IHDR chunk: width and height, at 2 pixels per CSS pixel (not 870 × 182).
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  expect(width).toBeGreaterThanOrEqual(2000);
  expect(height).toBeGreaterThan(2 * (58 + 26 + 2 * 38 + 20));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Event log (JSON)' }).click();
  const file = await (await download).path();
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    format: string;
    events: { type: string }[];
  };
  expect(json.format).toBe('mqtt-session-lab/events@1');
  expect(json.events.map((e) => e.type)).toContain('connack.sent');
});
