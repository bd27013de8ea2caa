import type { QoS } from '../../broker';

/** A QoS 0/1/2 choice, the same in every form. */
export function QosSelect({
  value,
  onChange,
  label,
}: {
  value: QoS;
  onChange(qos: QoS): void;
  /** Accessible name: which QoS this is (publish, subscription, Will). */
  label: string;
}) {
  return (
    <select
      value={value}
      onChange={(e) => onChange(Number(e.target.value) as QoS)}
      aria-label={label}
    >
      <option value={0}>0</option>
      <option value={1}>1</option>
      <option value={2}>2</option>
    </select>
  );
}
