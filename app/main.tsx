import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { narrowConnections, readBrokerChoice } from './remote/page/choice';
import { embedInHash } from './scenario/embedLink';
import { openFromHash } from './scenario/openFromHash';
import { createScenarioStore } from './scenario/scenarioStore';
import { startWhenReady } from './startWhenReady';
import { createAppStore, type AppStore } from './store/appStore';
import { framePacing } from './transport/pacing';
import { WorkerChannel, type WorkerLike } from './transport/workerChannel';
import { wireWorker } from './transport/wireWorker';
import { App } from './ui/App';
import { whenRenderFails } from './whenRenderFails';
import './ui/styles.css';

function rootElement(): HTMLElement {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  return root;
}
const root = rootElement();

// The broker the address chooses (`?broker=wss://…`): the page narrows its Content-Security-
// Policy to it, or to no connection at all, before anything could connect.
const choice = readBrokerChoice(location.search);
narrowConnections(document, choice);

// One broker worker and one store per page, made before React renders. With a remote broker,
// the port that connects the page's clients to it stands where the worker stands.
const newWorker = () =>
  new Worker(new URL('./worker/broker.worker.ts', import.meta.url), { type: 'module' });
const remote = choice.kind === 'remote' ? choice.mode : undefined;
// The remote port and its observation layer load only when the address chooses a broker. Not
// with a top-level await: the remote chunk imports from this one, which would then wait on it.
if (remote)
  void startWhenReady(
    import('./remote/page/remotePort').then(
      ({ RemotePort }) => new RemotePort({ url: remote.url, label: remote.label }),
    ),
    start,
    root,
    (error) =>
      `The page could not start on its remote broker (${String(error)}). Reload, or open the page without ?broker= for its own broker.`,
  );
else start(wireWorker(newWorker()));

function start(port: WorkerLike): void {
  const store = createAppStore(
    new WorkerChannel(port, framePacing()),
    undefined,
    undefined,
    true,
    remote,
  );
  if (choice.kind === 'bad') {
    const text = `The page stays on its own broker: ${choice.problem}.`;
    store.setState({ notice: { kind: 'error', text } });
  }
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

  // A render error no boundary catches unmounts the whole tree: say so in the root, not blank.
  createRoot(root, whenRenderFails(root)).render(
    <StrictMode>
      <App store={store} scenarios={scenarios} embed={embed} />
    </StrictMode>,
  );
}
