import { useSyncExternalStore } from 'react';
import { dismiss, getNotices, holdNotices, subscribeNotices } from './notices';

export function Notices() {
  const notices = useSyncExternalStore(subscribeNotices, getNotices);
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}
          onMouseEnter={() => holdNotices(true)} onMouseLeave={() => holdNotices(false)}
          onFocus={() => holdNotices(true)} onBlur={() => holdNotices(false)}>
          <span>{n.text}</span>
          {n.action && (
            <button type="button" className="notice__action" onClick={() => { n.action?.run(); dismiss(n.id); }}>{n.action.label}</button>
          )}
          <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>✕</button>
        </div>
      ))}
    </div>
  );
}
