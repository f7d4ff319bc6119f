export interface ServicePrincipal {
  name: string;
  write: string[];
  read: string[];
  groups: string[];
  deadLetters: string[];
}
export interface AclBinding {
  resourceType: 'TOPIC' | 'GROUP';
  resourceName: string;
  resourcePatternType: 'LITERAL' | 'PREFIXED';
  principal: string;
  host: '*';
  operation: 'READ' | 'WRITE' | 'DESCRIBE' | 'CREATE';
  permissionType: 'ALLOW';
}
export const ADMIN: string;
export const DLQ_REPLAY_GROUP_PREFIX: string;
export function servicePrincipals(topicsFile?: unknown): ServicePrincipal[];
export function aclBindings(p: ServicePrincipal): AclBinding[];
export function allowedSources(topicsFile?: unknown): Record<string, string[]>;
export function passwordVar(name: string): string;
export interface SandboxPrincipal {
  name: string;
  prefix: string;
}
export function sandboxPrincipals(): SandboxPrincipal[];
export function sandboxAclBindings(p: SandboxPrincipal): AclBinding[];
