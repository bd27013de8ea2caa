import { useState } from 'react';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../broker';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import { ProfileEditor } from './ProfileEditor';

/** The broker profile, its figures, and a reset (the in-page broker's: a remote one has none). */
export function ProfileBar() {
  const remote = useAppStore().remote !== undefined;
  const setup = useApp((s) => s.setup);
  const { applySetup, reset } = useApp(selectActions);
  const [editing, setEditing] = useState(false);
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
          onChange={(e) =>
            applySetup({ ...setup, profile: e.target.value as ProfileName, overrides: {} })
          }
        >
          {PROFILE_NAMES.map((n) => (
            <option key={n} value={n}>
              {PROFILES[n].label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => setEditing((v) => !v)} aria-expanded={editing}>
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
      {editing && <ProfileEditor onClose={() => setEditing(false)} />}
    </section>
  );
}
