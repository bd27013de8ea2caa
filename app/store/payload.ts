export type PayloadFormat = 'text' | 'json';

/** Why a payload can't be sent, or undefined when it can. */
export function payloadError(
  payload: string,
  format: PayloadFormat,
  maxBytes: number,
): string | undefined {
  const size = new TextEncoder().encode(payload).length;
  // Leave room for the fixed header, topic and properties of the packet.
  if (size > maxBytes - 1024) {
    return `${size} bytes is over the broker's limit (${maxBytes} bytes per packet)`;
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
