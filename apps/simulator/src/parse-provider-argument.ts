import { SIMULATED_FORMATS, type SimulatedFormat } from './simulated-behaviour';

/** `id:format`, as given to `--provider`. */
export function parseProviderArgument(argument: string): { id: string; format: SimulatedFormat } {
  const colon = argument.lastIndexOf(':');
  const id = argument.slice(0, colon);
  const format = argument.slice(colon + 1) as SimulatedFormat;
  if (colon <= 0 || !SIMULATED_FORMATS.includes(format)) {
    throw new Error(`--provider expects id:format with format one of ${SIMULATED_FORMATS.join(', ')}; got '${argument}'`);
  }
  return { id, format };
}

/** Every `--provider id:format` (or `--provider=id:format`) in the arguments. */
export function parseProviderArguments(argv: readonly string[]): { id: string; format: SimulatedFormat }[] {
  const providers: { id: string; format: SimulatedFormat }[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--provider') {
      const value = argv[index + 1];
      if (value === undefined) throw new Error('--provider needs a value: id:format');
      providers.push(parseProviderArgument(value));
      index++;
    } else if (argument.startsWith('--provider=')) {
      providers.push(parseProviderArgument(argument.slice('--provider='.length)));
    } else {
      throw new Error(`unknown argument '${argument}' (expected --provider id:format)`);
    }
  }
  return providers;
}
