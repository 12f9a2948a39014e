/**
 * A baseline: the check options the fleet should have, per fleet, pair and host pattern (rule
 * `baseline-drift`). Values are normalized option values (validateOptionValues); later levels win:
 * fleet, then the host's pair, then every matching host entry in order.
 */
export interface TBaseline {
  fleet: Readonly<Record<string, string>>;
  pairs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  hosts: readonly { match: string; options: Readonly<Record<string, string>> }[];
}

/** What a baseline needs to know about a host to say what it wants there. */
export interface TBaselineHost {
  hostname: string;
  application: string;
  pairName?: string | null | undefined;
}

/** Per host, the options the baseline wants there (empty: it says nothing about the host). */
export type TBaselineResolver = (host: TBaselineHost) => Record<string, string>;

const isWildcard = (pattern: string) => /[*?]/.test(pattern);
/** Host patterns compare without case (host names are case-insensitive). */
const subjectOf = (pattern: string, host: TBaselineHost) =>
  (pattern.includes('/') ? `${host.hostname}/${host.application}` : host.hostname).toLowerCase();

/**
 * Glob matching without regular expressions: the classic two-pointer walk, at most pattern × subject
 * steps whatever the pattern (a regex of many `.*` can backtrack exponentially on a crafted name).
 * Both sides are compared lowercased.
 */
function globMatches(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < subject.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === subject[s])) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * A host pattern matches the host name, or `hostname/application` when it contains a slash (two
 * applications on one machine can want different values). `*` is any run of characters, `?` one.
 */
export function matchesHostPattern(pattern: string, host: TBaselineHost): boolean {
  return isWildcard(pattern)
    ? globMatches(pattern.toLowerCase(), subjectOf(pattern, host))
    : pattern.toLowerCase() === subjectOf(pattern, host);
}

/**
 * Prepares a baseline for resolving many hosts: exact host entries are looked up, only wildcard ones
 * are tested one by one (an exported baseline can hold one entry per host of a large fleet).
 */
export function compileBaseline(baseline: TBaseline): TBaselineResolver {
  const exact = new Map<string, { index: number; options: Readonly<Record<string, string>> }[]>();
  const wild: {
    index: number;
    pattern: string;
    options: Readonly<Record<string, string>>;
  }[] = [];
  baseline.hosts.forEach((entry, index) => {
    if (isWildcard(entry.match)) {
      wild.push({ index, pattern: entry.match.toLowerCase(), options: entry.options });
    } else {
      const key = entry.match.toLowerCase();
      exact.set(key, [...(exact.get(key) ?? []), { index, options: entry.options }]);
    }
  });
  return (host) => {
    const desired: Record<string, string> = { ...baseline.fleet };
    if (host.pairName) Object.assign(desired, baseline.pairs[host.pairName]);
    const matching = [
      ...(exact.get(host.hostname.toLowerCase()) ?? []),
      ...(exact.get(`${host.hostname}/${host.application}`.toLowerCase()) ?? []),
      ...wild.filter((entry) => globMatches(entry.pattern, subjectOf(entry.pattern, host))),
    ].sort((a, b) => a.index - b.index);
    for (const entry of matching) Object.assign(desired, entry.options);
    return desired;
  };
}

/** The option values the baseline wants on one host (later entries win); empty when it says nothing. */
export function resolveBaselineOptions(baseline: TBaseline, host: TBaselineHost): Record<string, string> {
  return compileBaseline(baseline)(host);
}
