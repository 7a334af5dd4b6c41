/** A backend that cannot be used here: not installed, no device, or mismatched versions. Says what to do. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`icnn backend '${backend}': ${message}`, options);
  }
}
