import { lazy, Suspense } from 'react';
import type { ScenarioStore } from '../scenario/scenarioStore';
import type { AppStore } from '../store/appStore';
import { ClockBar } from './controls/ClockBar';
import { ProfileBar } from './controls/ProfileBar';
import { useClientKeys } from './controls/useClientKeys';
import { useScenarioKeys } from './controls/useScenarioKeys';
import { useShortcuts } from './controls/useShortcuts';
import { LoadBoundary } from './LoadBoundary';
import { NoticeBar } from './NoticeBar';
import { CheckPanel } from './remote/CheckPanel';
import { ProfilesTable } from './ProfilesTable';
import { ClientsPanel } from './panels/ClientsPanel';
import { SessionsPanel } from './panels/SessionsPanel';
import { ScenarioContext, useScenario } from './scenario/ScenarioContext';
import { ScenarioPanel } from './scenario/ScenarioPanel';
import { SkipLinks } from './SkipLinks';
import { StagePanel } from './stage/StagePanel';
import { StoreContext, useAppStore } from './StoreContext';
import { TimelinePanel } from './timeline/TimelinePanel';

// The remote broker's bar loads only when the address chose one.
const BrokerBar = lazy(() => import('./remote/BrokerBar').then((m) => ({ default: m.BrokerBar })));

/**
 * The playground: the stage on the first screen, and under it the scenario, the timeline and
 * the clients and sessions in detail. An embed shows the stage alone (for a slide).
 */
export function App({
  store,
  scenarios,
  embed = false,
}: {
  store: AppStore;
  scenarios: ScenarioStore;
  embed?: boolean;
}) {
  return (
    <StoreContext.Provider value={store}>
      <ScenarioContext.Provider value={scenarios}>
        {embed ? <Embedded /> : <Playground />}
      </ScenarioContext.Provider>
    </StoreContext.Provider>
  );
}

function Playground() {
  useShortcuts();
  useScenarioKeys();
  useClientKeys();
  const presenter = useScenario((s) => s.presenter);
  const remote = useAppStore().remote !== undefined;
  return (
    <div className={presenter ? 'app presenter' : 'app'}>
      <SkipLinks />
      <header className="topbar">
        <h1>
          MQTT Session Lab{' '}
          <span className="tagline">persistent sessions, seen from the inside</span>
        </h1>
        <ProfileBar />
        {remote && (
          <LoadBoundary what="remote broker's bar">
            <Suspense fallback={null}>
              <BrokerBar />
            </Suspense>
          </LoadBoundary>
        )}
        <ClockBar />
      </header>
      <div className="first-screen">
        <NoticeBar />
        <main className="stage-main" aria-label="The stage">
          <StagePanel />
        </main>
      </div>
      <div className="details">
        <ScenarioPanel />
        <details className="compare">
          <summary>Compare the broker profiles</summary>
          <ProfilesTable />
        </details>
        <CheckPanel />
        <TimelinePanel />
        <div className="columns">
          <ClientsPanel />
          <SessionsPanel />
        </div>
      </div>
    </div>
  );
}

/** An embed: the stage, its narration and step controls, and the clock, for an iframe. */
function Embedded() {
  useShortcuts(true);
  useScenarioKeys(true);
  return (
    <div className="app embedded">
      <NoticeBar errorsOnly />
      <main className="embed-main" aria-label="The stage">
        <StagePanel embed />
      </main>
      <footer className="embed-foot">
        <ClockBar />
      </footer>
    </div>
  );
}
