/** A quiet note that a re-check runs: the verdict and status stay until its result is known. */
export function RecheckingHint() {
  return (
    <span
      className="inline-flex items-center gap-1 text-xs text-slate-500"
      data-testid="rechecking"
      title="A re-check of the running server is in progress; the verdict stays until its result."
    >
      <svg
        viewBox="0 0 12 12"
        className="size-3 motion-safe:animate-spin"
        aria-hidden="true"
        fill="currentColor"
      >
        <path d="M6 1a5 5 0 1 0 5 5H9.7A3.7 3.7 0 1 1 6 2.3z" />
      </svg>
      re-checking
    </span>
  );
}
