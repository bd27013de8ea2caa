export type PayloadFormat = 'text' | 'json';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/**
 * Bytes a PUBLISH on `topic` takes beside its payload, at most: fixed header (1), remaining
 * length (up to 4), topic length and name, packet id (2), and room for MQTT 5 properties.
 */
export function publishOverhead(topic: string): number {
  return 1 + 4 + 2 + utf8(topic) + 2 + 16;
}

/** Why a payload can't be sent on `topic`, or undefined when it can. */
export function payloadError(
  payload: string,
  format: PayloadFormat,
  maxBytes: number,
  topic = '',
): string | undefined {
  const size = utf8(payload);
  if (size + publishOverhead(topic) > maxBytes) {
    return `${size} bytes is over the broker's limit (${maxBytes} bytes per packet, topic and header included)`;
  }
  if (format === 'json') {
    try {
      JSON.parse(payload);
    } catch (e) {
      return `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return undefined;
}
