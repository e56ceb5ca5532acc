// Why Session Deck will not start, in words for the person who started it: which file or
// directory, what is wrong, what to do. The app shows it in a dialog, the host prints it.
export class StartupRefusal extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'StartupRefusal';
  }
}

/** A data directory (or a file in it) that Session Deck refuses to use. */
export class DataDirError extends StartupRefusal {
  override name = 'DataDirError';
}
