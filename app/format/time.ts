/** Simulated time as h:mm:ss.t (hours grow past 24 for long runs). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const tenths = Math.floor((total % 1000) / 100);
  return `${h}:${pad(m)}:${pad(s)}.${tenths}`;
}

/** A duration as a person reads it: "59 min 58 s", "2.9 s", "1 h 12 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  const abs = Math.abs(ms);
  if (abs < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(abs / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const sign = ms < 0 ? '−' : '';
  if (h > 0) return `${sign}${h} h ${m} min`;
  if (m > 0) return `${sign}${m} min ${sec} s`;
  return `${sign}${sec} s`;
}

/** Seconds as a setting: "1 h", "10 min", "never". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'never';
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const pad = (n: number) => String(n).padStart(2, '0');
