import { selectActions, useApp } from './StoreContext';

/** The last error or notice of the playground, until dismissed (an embed shows only errors). */
export function NoticeBar({ errorsOnly = false }: { errorsOnly?: boolean }) {
  const notice = useApp((s) => s.notice);
  const { dismissNotice } = useApp(selectActions);
  if (!notice || (errorsOnly && notice.kind !== 'error')) return null;
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={dismissNotice} aria-label="Dismiss notice">
        ×
      </button>
    </div>
  );
}
