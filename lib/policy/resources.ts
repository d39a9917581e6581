// Builders keep the resource string format in one place, so a typo in a route handler
// cannot silently produce a resource that no policy statement matches.

export function personalTokenResource(memberId: string, tokenName: string): string {
  return `member/${memberId}:token/${tokenName}`;
}

export function serviceTokenResource(tokenName: string): string {
  return `service-token/${tokenName}`;
}

export function memberResource(memberId: string): string {
  return `member/${memberId}`;
}

export function roleResource(key: string): string {
  return `role/${key}`;
}

export function projectResource(key: string): string {
  return `proj/${key}`;
}

/** A project with its tags, so `proj/*;mobile` can be decided exactly (see `CheckedResource`). */
export function taggedProjectResource(key: string, tags: readonly string[]): { resource: string; tags: readonly string[] } {
  return { resource: projectResource(key), tags };
}
