import { selectActions, useApp } from './StoreContext';

/** The last error or notice of the playground, until dismissed. */
export function NoticeBar() {
  const notice = useApp((s) => s.notice);
  const { dismissNotice } = useApp(selectActions);
  if (!notice) return null;
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
    >
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={dismissNotice} aria-label="Dismiss notice">
        ×
      </button>
    </div>
  );
}
