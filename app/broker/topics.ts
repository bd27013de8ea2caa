/** Topic names and filters: validation and matching (MQTT 4.7). */

const MAX_TOPIC_BYTES = 65_535;

/** Why a topic name can't be published to, or undefined when it can. */
export function topicNameError(topic: string): string | undefined {
  if (topic.length === 0) return 'topic name is empty';
  if (topic.includes('+') || topic.includes('#')) return 'topic name contains a wildcard (+ or #)';
  if (topic.includes('\u0000')) return 'topic name contains U+0000';
  if (utf8Length(topic) > MAX_TOPIC_BYTES) return 'topic name is longer than 65535 bytes';
  return undefined;
}

/** Why a topic filter can't be subscribed to, or undefined when it can. */
export function topicFilterError(filter: string): string | undefined {
  if (filter.length === 0) return 'topic filter is empty';
  if (filter.includes('\u0000')) return 'topic filter contains U+0000';
  if (utf8Length(filter) > MAX_TOPIC_BYTES) return 'topic filter is longer than 65535 bytes';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    // [MQTT-4.7.1-2, 3.1.1] [MQTT-4.7.1-1, 5.0] '#' alone in its level and last; [MQTT-4.7.1-3, 3.1.1] [MQTT-4.7.1-2, 5.0] '+' alone in its level.
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return "'#' must be the last level, alone in it";
    }
    if (level.includes('+') && level !== '+') return "'+' must stand alone in its level";
  }
  return undefined;
}

export const isSharedFilter = (filter: string): boolean => filter.startsWith('$share/');

/** A shared subscription's parts: `$share/{group}/{filter}`. */
export interface SharedFilter {
  group: string;
  filter: string;
}

/**
 * Splits `$share/{ShareName}/{filter}`; undefined when it is not a well-formed shared filter:
 * the ShareName is at least one character, without '/', '+' or '#' [MQTT-4.8.2-1], and is
 * followed by '/' and a topic filter [MQTT-4.8.2-2].
 */
export function parseSharedFilter(filter: string): SharedFilter | undefined {
  if (!isSharedFilter(filter)) return undefined;
  const rest = filter.slice('$share/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const group = rest.slice(0, slash);
  const inner = rest.slice(slash + 1);
  if (group.includes('+') || group.includes('#')) return undefined;
  if (inner.length === 0 || topicFilterError(inner)) return undefined;
  return { group, filter: inner };
}

/**
 * Whether a topic name matches a filter. Topics starting with '$' are not matched by a
 * filter starting with a wildcard [MQTT-4.7.2-1, 3.1.1/5.0].
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
