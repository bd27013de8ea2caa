import { expect, test } from './fixtures';
import { Playground } from './playground';

// The seed's story (AWS IoT Core, persistent sessions), told through the UI with real
// mqtt.js clients in the page and the broker in its worker.
test('the seed story: stored QoS 1 messages replayed at 10 msg/s, QoS 0 not stored, expiry', async ({
  page,
}) => {
  // An hour and a half of simulated time passes at 3600× in lockstep with the page's clients.
  test.setTimeout(120_000);
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  const b = await lab.addClient('B');

  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByText('t/# QoS 1')).toBeVisible();
  await a.disconnect();
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('client away');

  await b.connect();
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 30 });
  await b.burst({ topic: 't/x', payload: 'z', qos: 0, count: 5 });
  await expect(lab.session('A').getByTestId('stored-count')).toHaveText('30');
  await expect(lab.session('A').getByTestId('dropped')).toContainText('5 QoS 0 while away');
  await lab.shot('seed-1-stored');

  await a.connect();
  await expect(a.sessionPresent()).toHaveText('sessionPresent=1');
  await expect(lab.session('A').getByTestId('replay')).toContainText('Replay in progress');
  await lab.shot('seed-2-replaying');
  await expect(a.receivedCount()).toHaveText('30', { timeout: 15_000 });
  await expect(lab.session('A').getByTestId('replay')).toContainText('Replay finished: 30 of 30');

  const payloads = await a.payloads();
  expect(payloads).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
  // Paced 100 ms apart in simulated time, none of the QoS 0 messages.
  const at = await a
    .received()
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-at'))));
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  expect(gaps).toEqual(Array(29).fill(100));
  await lab.shot('seed-3-replayed');

  // After the expiry (1 h plus AWS's seeded extra), at high speed: no session, nothing stored.
  await a.disconnect();
  await expect(lab.session('A').getByTestId('expiry')).toContainText('Expires in');
  await lab.speed(3600);
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('expired', {
    timeout: 60_000,
  });
  await expect(b.status()).toHaveText('connected');
  await lab.speed(1);
  await a.connect();
  // It asked to resume the session it had: sessionPresent=0 says that session was lost.
  await expect(a.sessionPresent()).toHaveText('sessionPresent=0: session lost');
  await expect(a.sessionPresent()).toHaveClass(/pill-lost/);
  await expect(lab.session('A').getByTestId('session-present')).toHaveText(
    'CONNACK sessionPresent=0: session lost',
  );
  await expect(a.receivedCount()).toHaveText('30');
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('none');
  await lab.shot('seed-4-expired');
});
