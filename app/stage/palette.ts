import type { FlightKind } from './flights';
import type { QueueToken } from './scene';

/** The stage's colours: one per state of a message, the same in the legend and the text. */
export const STATE_COLOUR = {
  stored: '#d49a00',
  'in-flight': '#2f6db5',
  'sent-again': '#8250df',
  acknowledged: '#1a7f37',
  dropped: '#b42318',
  expired: '#8c959f',
} as const satisfies Record<QueueToken['state'] | 'acknowledged' | 'dropped' | 'expired', string>;

export const FLIGHT_COLOUR: Record<FlightKind, string> = {
  publish: STATE_COLOUR['in-flight'],
  live: STATE_COLOUR['in-flight'],
  store: STATE_COLOUR.stored,
  replay: STATE_COLOUR['in-flight'],
  resent: STATE_COLOUR['sent-again'],
  dropped: STATE_COLOUR.dropped,
  acked: STATE_COLOUR.acknowledged,
  control: '#57606a',
  will: '#9a6700',
};

export const INK = '#1b1f24';
export const MUTED = '#57606a';
export const LINE = '#c9d3dd';
export const OK = '#1a7f37';
export const WARN = '#9a6700';
export const BAD = '#b42318';

/** The legend, in the order the stage draws it. */
export const LEGEND: { label: string; colour: string }[] = [
  { label: 'stored', colour: STATE_COLOUR.stored },
  { label: 'in flight', colour: STATE_COLOUR['in-flight'] },
  { label: 'sent again (DUP)', colour: STATE_COLOUR['sent-again'] },
  { label: 'acknowledged', colour: STATE_COLOUR.acknowledged },
  { label: 'dropped', colour: STATE_COLOUR.dropped },
  { label: 'expired', colour: STATE_COLOUR.expired },
];
