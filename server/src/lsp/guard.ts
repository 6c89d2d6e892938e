/**
 * A handler that throws must not take the server down or leave the client waiting: the error
 * is logged to the output channel and the request answered with a neutral result.
 */
export type Logger = (message: string) => void;

export function guard<A extends unknown[], R>(log: Logger, name: string, fallback: R, fn: (...args: A) => R | Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      log(`[error] ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  };
}
