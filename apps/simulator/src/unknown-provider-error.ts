/** Thrown for operations on a provider id the simulator does not have. */
export class UnknownProviderError extends Error {
  constructor(readonly providerId: string) {
    super(`The simulator has no provider named '${providerId}'.`);
    this.name = 'UnknownProviderError';
  }
}
