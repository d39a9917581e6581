/**
 * A source of names no other call in this test file returns: `<prefix><separator><n>`, counting
 * from 1. Tests that share an account (or a PostgreSQL database) need a fresh token, role or
 * project name each; a counter keeps the names readable in failures.
 */
export function uniqueNames(separator = " "): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}${separator}${++n}`;
}
