/** A shape per verdict, so that the verdict does not rest on colour alone. */
export function VerdictIcon({ verdict }: { verdict: string }) {
  return (
    <svg viewBox="0 0 12 12" className="size-3 shrink-0" aria-hidden="true" fill="currentColor">
      {verdict === 'would-serve' ? (
        <path d="M4.6 8.6 2.3 6.3l-.9.9 3.2 3.2 6-6-.9-.9z" />
      ) : verdict === 'would-not-serve' ? (
        <path d="M3 2.1 2.1 3 5.1 6l-3 3 .9.9 3-3 3 3 .9-.9-3-3 3-3L9 2.1l-3 3z" />
      ) : verdict === 'not-verified' ? (
        <path d="M6 1 .5 11h11zm-.65 3.5h1.3v3.2h-1.3zm0 4h1.3v1.3h-1.3z" />
      ) : verdict === 'primary' ? (
        <path d="M6 1.2 7.4 4.3l3.4.3-2.6 2.2.8 3.3L6 8.4l-3 1.7.8-3.3L1.2 4.6l3.4-.3z" />
      ) : (
        <path d="M6 1.5a3 3 0 0 0-3 3h1.3A1.7 1.7 0 1 1 6 6.2c-.4 0-.7.3-.7.7v1.3h1.4V7.4A3 3 0 0 0 6 1.5M5.3 9.2h1.4v1.3H5.3z" />
      )}
    </svg>
  );
}
