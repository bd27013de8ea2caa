import { profileColumns, profileFigures } from './profileFigures';

/** The broker profiles side by side, one row each. */
export function ProfilesTable() {
  return (
    <div className="table-scroll">
      <table className="profiles">
        <caption>Default figures of each profile; every one can be overridden.</caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            {profileColumns.map(([key, heading]) => (
              <th key={key} scope="col">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {profileFigures.map((profile) => (
            <tr key={profile.name}>
              <th scope="row">
                <code>{profile.name}</code>
                <span className="profile-label">{profile.label}</span>
              </th>
              {profileColumns.map(([key]) => (
                <td key={key}>{profile[key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
