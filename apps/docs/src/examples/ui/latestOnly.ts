// Runs an async update at most once at a time; calls made while one runs collapse into one more run afterwards, so a
// dragged slider recomputes for its latest value without piling up work.
export function latestOnly(update: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    do {
      again = false;
      try {
        await update();
      } catch (error) {
        onError(error);
      }
    } while (again);
    running = false;
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
