import type { AppStore } from '../store/appStore';
import { embedInHash } from './embedLink';
import type { ScenarioStore } from './scenarioStore';

/**
 * Opens what a link's fragment names (a shared scenario, a built-in lesson; anything else gets
 * the message a bad link gets and changes nothing), and with `autoplay` plays it to its end at
 * the clock's speed (`speed=10` sets the clock first). Against a remote broker, `autoplay` only
 * opens it: a link alone must not make the page connect and publish to whatever host it names,
 * so the scenario waits for the person to press Play (`autoplayHeld` says so on the page).
 */
export async function openFromHash(
  hash: string,
  scenarios: ScenarioStore,
  app: AppStore,
): Promise<void> {
  const { actions } = scenarios.getState();
  const opened = await actions.openFragment(hash);
  const request = embedInHash(hash);
  if (!opened || !request.autoplay) return;
  if (app.remote) {
    scenarios.setState({ autoplayHeld: true });
    return;
  }
  if (request.speed) app.getState().actions.setSpeed(request.speed);
  actions.setPaced(true);
  await actions.playAll();
}
