import { useApp } from '../StoreContext';
import { usePastClients } from '../useBrokerView';
import { AddClientForm } from './AddClientForm';
import { ClientCard } from './ClientCard';

const selectOrder = (s: { clientOrder: string[] }) => s.clientOrder;

/** The clients in the page: real mqtt.js clients, each with its controls and what it received. */
export function ClientsPanel() {
  const order = useApp(selectOrder);
  const past = usePastClients();
  return (
    <section id="clients" tabIndex={-1} className="panel" aria-labelledby="clients-heading">
      <h2 id="clients-heading">Clients</h2>
      <AddClientForm />
      {order.length === 0 && (
        <p className="muted">
          No clients yet. Add one above: A to subscribe (it keeps a persistent session), B to
          publish (a clean session will do).
        </p>
      )}
      <div className="cards">
        {order.map((id) => (
          <ClientCard key={id} clientId={id} past={past} />
        ))}
      </div>
    </section>
  );
}
