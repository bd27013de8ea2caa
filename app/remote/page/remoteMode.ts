/**
 * The page pointed at a broker it does not run: chosen in the address (`?broker=wss://…`), so
 * that the page's Content-Security-Policy allows that broker and nothing else from the start
 * (see choice.ts). Credentials are kept in this object, in the tab's memory, and nowhere else.
 */
export interface RemoteMode {
  /** The broker's URL as chosen: ws:// or wss://, with its path (and query, if it has one). */
  url: string;
  /** The URL as shown: no user name or password, no query (a presigned URL's is a secret). */
  label: string;
  /** scheme://host:port: all that the page's Content-Security-Policy lets it connect to. */
  origin: string;
  /** Put before every client id the page sends (the person's choice; may be empty). */
  idPrefix: string;
  /** Sent in every CONNECT; typed in the page, kept in memory only. */
  credentials: { username?: string; password?: string };
}

/** Keeps the credentials typed in the page (in memory); empty fields are none. */
export function setCredentials(mode: RemoteMode, username: string, password: string): void {
  mode.credentials = {
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
  };
}
