import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { embedInHash } from './scenario/embedLink';
import { openFromHash } from './scenario/openFromHash';
import { createScenarioStore } from './scenario/scenarioStore';
import { createAppStore, type AppStore } from './store/appStore';
import { framePacing } from './transport/pacing';
import { WorkerChannel } from './transport/workerChannel';
import { wireWorker } from './transport/wireWorker';
import { App } from './ui/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// One broker worker and one store per page, made before React renders.
const newWorker = () =>
  new Worker(new URL('./worker/broker.worker.ts', import.meta.url), { type: 'module' });
const worker = newWorker();
const store = createAppStore(
  new WorkerChannel(wireWorker(worker), framePacing()),
  undefined,
  undefined,
  true,
);
// A comparison runs the scenario on playgrounds of its own, each with its own broker worker.
const scenarios = createScenarioStore(store, () => {
  const other = newWorker();
  const otherStore = createAppStore(new WorkerChannel(wireWorker(other), framePacing()));
  return {
    store: otherStore,
    close() {
      otherStore.dispose();
      other.terminate();
    },
  };
});
// A shared link carries its scenario in the fragment, an embed link a lesson or a scenario: open
// it (a damaged one, or a fragment that is not a link, leaves the default playground, with a
// message), and again whenever the fragment changes.
const fromHash = () => void openFromHash(location.hash, scenarios, store);
fromHash();
window.addEventListener('hashchange', fromHash);
const embed = embedInHash(location.hash).embed;
// `?debug` hands the store to the console (and to QA scripts) as window.sessionLab.
if (new URLSearchParams(location.search).has('debug')) {
  (window as unknown as { sessionLab: AppStore }).sessionLab = store;
}

createRoot(root).render(
  <StrictMode>
    <App store={store} scenarios={scenarios} embed={embed} />
  </StrictMode>,
);
