/** `--name value` and `--flag` options after the positional arguments. */
export function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) options[a.slice(2)] = true;
    else {
      options[a.slice(2)] = next;
      i += 1;
    }
  }
  return { positional, options };
}

export const optionText = (o: Record<string, string | true>, name: string): string | undefined => {
  const v = o[name];
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
};
