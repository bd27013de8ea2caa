/** The URL as it may be shown: no user name or password, no query (a presigned URL's is a secret). */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  const query = u.search ? '?…' : '';
  u.search = '';
  return `${u.toString()}${query}`;
}
