import type { ScenarioStore } from '../scenario/scenarioStore';
import type { AppStore } from '../store/appStore';
import { ClockBar } from './controls/ClockBar';
import { ProfileBar } from './controls/ProfileBar';
import { useShortcuts } from './controls/useShortcuts';
import { NoticeBar } from './NoticeBar';
import { ProfilesTable } from './ProfilesTable';
import { ClientsPanel } from './panels/ClientsPanel';
import { SessionsPanel } from './panels/SessionsPanel';
import { ScenarioContext, useScenario } from './scenario/ScenarioContext';
import { ScenarioPanel } from './scenario/ScenarioPanel';
import { StoreContext } from './StoreContext';
import { TimelinePanel } from './timeline/TimelinePanel';

/** The playground: the broker's sessions on one side, the clients on the other. */
export function App({ store, scenarios }: { store: AppStore; scenarios: ScenarioStore }) {
  return (
    <StoreContext.Provider value={store}>
      <ScenarioContext.Provider value={scenarios}>
        <Playground />
      </ScenarioContext.Provider>
    </StoreContext.Provider>
  );
}

function Playground() {
  useShortcuts();
  const presenter = useScenario((s) => s.presenter);
  return (
    <div className={presenter ? 'app presenter' : 'app'}>
      <header className="topbar">
        <h1>
          MQTT Session Lab{' '}
          <span className="tagline">persistent sessions, seen from the inside</span>
        </h1>
        <ProfileBar />
        <ClockBar />
      </header>
      <NoticeBar />
      <details className="compare">
        <summary>Compare the broker profiles</summary>
        <ProfilesTable />
      </details>
      <ScenarioPanel />
      <TimelinePanel />
      <main className="columns">
        <ClientsPanel />
        <SessionsPanel />
      </main>
    </div>
  );
}
