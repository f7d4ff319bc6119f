import type { ServiceDeclaration } from '../../packages/schemas/src/model';
import type { ServicesFile } from '../../packages/schemas/scripts/lib/contracts';

export interface Declared {
  gateway: ServicesFile['gateway'];
  services: ServiceDeclaration[];
}
export interface StartProcess {
  name: string;
  port: number;
  env: Record<string, string>;
}
export function local(port: number): string;
export function declared(file?: ServicesFile): Declared;
export function processes(declared?: Declared, clock?: string): StartProcess[];
export function bannerLines(declared?: Declared): string[];
export function withKafkaPrincipal(
  name: string,
  env: NodeJS.ProcessEnv,
  usesKafka?: boolean,
): Record<string, string | undefined>;
