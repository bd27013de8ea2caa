import { useRef, useState } from 'react';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../broker';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp } from '../StoreContext';
import { ProfileEditor } from './ProfileEditor';

/** The broker profile, its figures, and a reset. */
export function ProfileBar() {
  const setup = useApp((s) => s.setup);
  const { applySetup, reset } = useApp(selectActions);
  const [editing, setEditing] = useState(false);
  const figures = useRef<HTMLButtonElement>(null);
  // Closing the dialog hands focus back to the button that opened it.
  const close = () => {
    setEditing(false);
    figures.current?.focus();
  };
  // A scenario step under way holds the broker: changing it would pull the ground from under it.
  const running = useScenario((s) => s.busy);
  const overridden = Object.keys(setup.overrides).length;
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
    </section>
  );
}
