import type { BrokerEvent } from '../broker';
import { describeEvent } from './describe';
import { indexOfSeq, packetFor } from './eventIndex';
import { ruleOf } from './eventRules';
import { followedBy } from './followed';
import { aliasTopicAt, PacketDecoder, packetView, type PacketView } from './packetView';
import { ruleLine } from './rules';
import { summaryOf } from './summary';

// The inspector's public surface stays here, whichever module does the work.
export { describeEvent } from './describe';
export { eventBySeq, indexOfSeq } from './eventIndex';
export { hexRows, packetFields, type PacketView } from './packetView';

/** Everything the inspector says about one event. */
export interface Inspection {
  title: string;
  summary: string;
  /** `numbering`: whose statement id it is, and the other standard's id where it differs. */
  rule?: { id: string; text: string; numbering?: string };
  packet?: PacketView;
  followed: { seq: number; at: number; text: string }[];
}

/**
 * What the inspector shows for one event of the log: a title and summary, the rule it carries
 * out, the packet that carried it (decoded, and as bytes) and what followed from it.
 */
export function inspectEvent(event: BrokerEvent, log: readonly BrokerEvent[]): Inspection {
  let index = indexOfSeq(log, event.seq);
  // An event not (or not yet) in the log is inspected as if it came after it.
  const inLog = index >= 0 && log[index] === event;
  const events = inLog ? log : [...log, event];
  if (!inLog) index = events.length - 1;
  const decoder = new PacketDecoder();
  const rule = ruleOf(event, events, index);
  const packet = packetFor(events, index, decoder);
  const followed = followedBy(event, events, index, decoder);
  const inspection: Inspection = {
    title: describeEvent(event),
    summary: summaryOf(event, events, index),
    followed: followed.map((x) => ({ seq: x.seq, at: x.at, text: describeEvent(x) })),
  };
  if (rule) inspection.rule = ruleLine(rule);
  if (packet) {
    inspection.packet = packetView(
      packet.event,
      decoder.decode(events, packet.index),
      aliasTopicAt(events, packet.index, decoder),
    );
  }
  return inspection;
}
