/** How the platform finds an event type's topic and schema (packages/schemas provides it). */
export interface EventTypeInfo {
  type: string;
  topic: string;
  subject: string;
  schema: object;
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
