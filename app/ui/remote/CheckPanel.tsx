import { lazy, Suspense, useState } from 'react';
import { LoadBoundary } from '../LoadBoundary';
import { useAppStore } from '../StoreContext';

// The check and our broker for its profiles' column load only when the panel is opened.
const CheckBody = lazy(() => import('./CheckBody'));

/**
 * "Check this broker", off the first screen: the probes of `npm run check-broker` run from the
 * page against the remote broker, beside our profiles. Only against a remote broker.
 */
export function CheckPanel() {
  const remote = useAppStore().remote;
  const [opened, setOpened] = useState(false);
  if (!remote) return null;
  return (
    <details
      id="check-broker"
      className="compare"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setOpened(true);
      }}
    >
      <summary>Check how this broker keeps sessions</summary>
      {opened && (
        <LoadBoundary what="broker check">
          <Suspense fallback={<p className="muted small">Loading the check…</p>}>
            <CheckBody remote={remote} />
          </Suspense>
        </LoadBoundary>
      )}
    </details>
  );
}
