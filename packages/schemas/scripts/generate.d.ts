// Types for generate.js (plain CommonJS so it runs without a build).
/** Every generated file's text, by path relative to the package directory. */
export function render(): Record<string, string>;
/** Writes every generated file under outDir (default: the package); returns their relative paths. */
export function generate(outDir?: string): string[];
/** Relative paths of generated files that differ from the committed ones. */
export function staleFiles(): string[];
export function interfaceName(e: {
  context: string;
  aggregate: string;
  event: string;
  major: number;
}): string;
/** types.ts text for the given event types (exported for tests). */
export function renderTypes(entries: import('./lib/contracts').LoadedEventType[]): string;
