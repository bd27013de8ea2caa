/**
 * The `never` check of every switch over the event union: a new event type or reason fails to
 * compile until it is handled. At run time (a log from another version) the caller falls back.
 */
export function exhaustive(value: never): undefined {
  void value;
  return undefined;
}
