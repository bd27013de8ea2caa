import { lazy, Suspense, useRef, useState } from 'react';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../broker';
import { LoadBoundary } from '../LoadBoundary';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import { ProfileEditor } from './ProfileEditor';

// The form choosing a remote broker loads when it is first asked for.
const RemoteForm = lazy(() =>
  import('../remote/BrokerBar').then((m) => ({ default: m.RemoteForm })),
);

/** The profile choice's option that opens the form choosing a remote broker. */
const REMOTE = 'remote';

/**
 * The broker profile, its figures, and a reset (the in-page broker's: a remote one has none);
 * the same choice offers a remote broker instead.
 */
export function ProfileBar() {
  const remote = useAppStore().remote !== undefined;
  const setup = useApp((s) => s.setup);
  const { applySetup, reset } = useApp(selectActions);
  const [editing, setEditing] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const figures = useRef<HTMLButtonElement>(null);
  // Closing the dialog hands focus back to the button that opened it.
  const close = () => {
    setEditing(false);
    figures.current?.focus();
  };
  // A scenario step under way holds the broker: changing it would pull the ground from under it.
  const running = useScenario((s) => s.busy);
  const overridden = Object.keys(setup.overrides).length;
  if (remote) return null;
  return (
    <section className="profilebar" aria-label="Broker profile">
      <label className="inline">
        Broker
        <select
          aria-label="Broker profile"
          value={setup.profile}
          disabled={running}
          onChange={(e) => {
            if (e.target.value === REMOTE) setChoosing(true);
            else applySetup({ ...setup, profile: e.target.value as ProfileName, overrides: {} });
          }}
        >
          {PROFILE_NAMES.map((n) => (
            <option key={n} value={n}>
              {PROFILES[n].label}
            </option>
          ))}
          {/* Beside the in-page broker's profiles, in no more room than they take: a longer
              label widens the select, and the bar no longer fits one line at 1280 px. */}
          <optgroup label="A broker elsewhere, over WebSocket">
            <option value={REMOTE}>Remote…</option>
          </optgroup>
        </select>
      </label>
      <button
        ref={figures}
        type="button"
        onClick={() => setEditing((v) => !v)}
        aria-haspopup="dialog"
        aria-expanded={editing}
      >
        Figures{overridden ? ` (${overridden} changed)` : ''}
      </button>
      <button
        type="button"
        onClick={reset}
        disabled={running}
        title="Restart the broker and disconnect every client"
      >
        Reset
      </button>
      {editing && <ProfileEditor onClose={close} />}
      {choosing && (
        <LoadBoundary what="form choosing a remote broker">
          <Suspense fallback={null}>
            <RemoteForm onClose={() => setChoosing(false)} />
          </Suspense>
        </LoadBoundary>
      )}
    </section>
  );
}
