/**
 * Names and attributes of the spans around a Kafka hop, per the OpenTelemetry
 * messaging semantic conventions (docs/architecture.md#observability): the
 * span is `<operation> <topic>`, the attributes say system, operation,
 * destination, partition, consumer group and message id. The keys are still
 * "development" in semconv, so they are written out here rather than taken
 * from its incubating entry point, which may rename them in a minor release.
 */
export type SpanAttributes = Record<string, string | number | boolean>;

const KAFKA = {
  'messaging.system': 'kafka',
  // The newer name of messaging.system; backends read one or the other.
  'messaging.system.name': 'kafka',
} as const;

/** Attributes of the producer span `send <topic>` of one event. */
export function sendAttributes(
  topic: string,
  e: { id: string; type: string; subject: string },
): SpanAttributes {
  return {
    ...KAFKA,
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': topic,
    'messaging.message.id': e.id,
    'kafka.message.key': e.subject,
    'cloudevents.event_type': e.type,
  };
}

/** Attributes of the consumer span `process <topic>` of a group handling one record. */
export function processAttributes(m: {
  topic: string;
  partition: number;
  offset: string;
  group: string;
  key?: string;
  eventId: string;
  eventType: string;
}): SpanAttributes {
  const attributes: SpanAttributes = {
    ...KAFKA,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': m.topic,
    'messaging.destination.partition.id': String(m.partition),
    'messaging.consumer.group.name': m.group,
    'messaging.message.id': m.eventId,
    'kafka.offset': Number(m.offset),
    'cloudevents.event_type': m.eventType,
  };
  // semconv: a null key MUST NOT be recorded.
  if (m.key !== undefined) attributes['kafka.message.key'] = m.key;
  return attributes;
}
