import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore, type AppStore } from './store/appStore';
import { WorkerChannel } from './transport/workerChannel';
import { App } from './ui/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// One broker worker and one store per page, made before React renders.
const worker = new Worker(new URL('./worker/broker.worker.ts', import.meta.url), {
  type: 'module',
});
const store = createAppStore(new WorkerChannel(worker));
// `?debug` hands the store to the console (and to QA scripts) as window.sessionLab.
if (new URLSearchParams(location.search).has('debug')) {
  (window as unknown as { sessionLab: AppStore }).sessionLab = store;
}

createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
