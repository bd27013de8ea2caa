import type { EventLog } from '../store/eventLog';
import { TimelineModel, type ConnOwner } from './model';

/** Feeds a TimelineModel with only the new part of an event log; a cleared log starts it afresh. */
export class ModelFeed {
  readonly model: TimelineModel;
  /** Goes up whenever the model changes: readers that share the feed compare it. */
  version = 0;
  private seen = 0;
  private generation: number;

  /** `owner` names the page's client of a connection, for a twin's lane of its own. */
  constructor(
    private readonly log: EventLog,
    owner?: ConnOwner,
  ) {
    this.model = new TimelineModel(owner);
    this.generation = log.generation;
  }

  /**
   * Keeps the model up to date as the log grows (see EventLog.watch), so that the events of a
   * burst are read as they come rather than all at the next frame; returns how to stop.
   */
  follow(): () => void {
    return this.log.watch(() => this.sync());
  }

  /** Brings the model up to date; true when it changed. */
  sync(): boolean {
    let changed = false;
    if (this.log.generation !== this.generation) {
      this.model.reset();
      this.seen = 0;
      this.generation = this.log.generation;
      changed = true;
    }
    const all = this.log.all();
    if (all.length > this.seen) {
      this.model.append(all.slice(this.seen));
      this.seen = all.length;
      changed = true;
    }
    if (changed) this.version++;
    return changed;
  }
}
