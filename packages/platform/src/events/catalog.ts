/** How the platform finds an event type's topic and schema (packages/schemas provides it). */
export interface EventTypeInfo {
  type: string;
  topic: string;
  subject: string;
  schema: object;
  /**
   * The services allowed to publish the type's topic: a consumer dead-letters
   * an event whose ce_source is not one of them (docs/adr/0029-kafka-principals-acls.md).
   * Absent: any source (test catalogs).
   */
  writers?: readonly string[];
}

export interface EventCatalog {
  get(type: string): EventTypeInfo | undefined;
}

export class UnknownEventTypeError extends Error {
  constructor(type: string) {
    super(`unknown event type ${type}`);
    this.name = 'UnknownEventTypeError';
  }
}

export function requireType(catalog: EventCatalog, type: string): EventTypeInfo {
  const info = catalog.get(type);
  if (!info) throw new UnknownEventTypeError(type);
  return info;
}
