import { ProfilesTable } from './ProfilesTable';

/** The landing page. */
export function App() {
  return (
    <main className="page">
      <header>
        <h1>MQTT Session Lab</h1>
        <p className="lead">
          A browser playground for MQTT persistent sessions: connect clients to a broker that runs
          in your browser, take them offline, and watch what the session keeps, replays, drops or
          lets expire, under the rules of AWS IoT Core, the MQTT standards, Mosquitto and EMQX.
        </p>
      </header>

      <section aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">Broker profiles</h2>
        <p>
          The same scenario can run against several brokers. Each profile sets how long a session
          lives, how fast stored messages are replayed and what is kept while a client is away.
        </p>
        <ProfilesTable />
      </section>
    </main>
  );
}
