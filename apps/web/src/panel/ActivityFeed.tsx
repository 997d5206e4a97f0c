import type { ActivityItem } from '../room/activity';
import type { RoomModel } from '../room/model';

function time(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Who changed what, and which features that moved. */
export function ActivityFeed({ model, activity }: { model: RoomModel; activity: readonly ActivityItem[] }) {
  if (activity.length === 0) return null;
  return (
    <section className="activity" aria-label="Recent changes">
      <h3>Recent changes</h3>
      <ol aria-live="polite">
        {activity.slice(0, 6).map((item) => (
          <li key={item.id}>
            <time>{time(item.at)}</time>
            <span>
              <strong>{model.nameOf(item.whoId) ?? 'A participant'}</strong> {item.text}
              {item.moves.length > 0 && (
                <span className="activity__moves">
                  {item.moves.slice(0, 3).map((m) => (
                    <span key={m.featureId}>
                      {m.title} {m.from ? `#${m.from}` : 'unscored'} → {m.to ? `#${m.to}` : 'unscored'}
                    </span>
                  ))}
                  {item.moves.length > 3 && <span>+{item.moves.length - 3} more</span>}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
