import type { AppStore } from '../store/appStore';
import { ClockBar } from './controls/ClockBar';
import { ProfileBar } from './controls/ProfileBar';
import { useShortcuts } from './controls/useShortcuts';
import { NoticeBar } from './NoticeBar';
import { ProfilesTable } from './ProfilesTable';
import { ClientsPanel } from './panels/ClientsPanel';
import { SessionsPanel } from './panels/SessionsPanel';
import { StoreContext } from './StoreContext';
import { TimelinePanel } from './timeline/TimelinePanel';

/** The playground: the broker's sessions on one side, the clients on the other. */
export function App({ store }: { store: AppStore }) {
  return (
    <StoreContext.Provider value={store}>
      <Playground />
    </StoreContext.Provider>
  );
}

function Playground() {
  useShortcuts();
  return (
    <div className="app">
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
      <TimelinePanel />
      <main className="columns">
        <ClientsPanel />
        <SessionsPanel />
      </main>
    </div>
  );
}
