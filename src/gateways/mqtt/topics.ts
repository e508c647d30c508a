// MQTT topics of CONTRACT section 7.
export const TOPIC_PREFIX = 'sealwatch/v1/devices/';
/** What the platform subscribes to: every device's telemetry. */
export const TELEMETRY_FILTER = `${TOPIC_PREFIX}+/telemetry`;

export const telemetryTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/telemetry`;
export const commandsTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/commands`;

/** The device id of a telemetry topic, or null for any other topic. */
export function deviceOfTelemetryTopic(topic: string): string | null {
  if (!topic.startsWith(TOPIC_PREFIX) || !topic.endsWith('/telemetry')) return null;
  const id = topic.slice(TOPIC_PREFIX.length, -'/telemetry'.length);
  return id.length > 0 && !id.includes('/') ? id : null;
}

