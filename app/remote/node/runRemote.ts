import type { Scenario } from '../../scenario/format';
import { runNaming } from '../naming';
import { reach } from '../reach';
import type { RemoteEvent } from '../remoteEvent';
import { RemoteRunner, type RemoteReport } from '../runner';
import type { BrokerSettings } from './brokerArgs';
import { createNetTarget } from './netTarget';

// The net target puts the user name and password on every connection, so none is passed here.

/**
 * Whether the broker answers and takes the credentials; undefined when it does, else a
 * message. Bounded by the settings' timeout.
 */
export async function checkReachable(settings: BrokerSettings): Promise<string | undefined> {
  const target = createNetTarget(settings.address);
  const problem = await reach(
    target,
    runNaming(settings.roots).clientId('reach'),
    {},
    settings.timeoutMs,
  );
  return problem === undefined ? undefined : `cannot use ${target.label}: ${problem}`;
}

/** Runs one scenario against the broker, with prefixes of its own, and cleans up after it. */
export async function runRemote(
  scenario: Scenario,
  settings: BrokerSettings,
): Promise<{ report: RemoteReport; events: RemoteEvent[] }> {
  const target = createNetTarget(settings.address);
  const runner = new RemoteRunner(scenario, target, {
    naming: runNaming(settings.roots),
    connectTimeoutMs: settings.timeoutMs,
  });
  const report = await runner.run();
  await target.close();
  return { report, events: runner.events() };
}
