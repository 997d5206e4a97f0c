import type { RoomModel } from '../room/model';
import { AgendaClock, CallBackBar } from './AgendaClock';
import { usePi } from './store';

/** A line under the presenter's head: the running agenda item and how many risks are not ROAMed yet (when any were raised). */
export function PresenterPi({ model }: { model: RoomModel }) {
  const risks = usePi(model.doc, 'risks');
  const agenda = usePi(model.doc, 'agenda');
  const open = risks.filter((r) => r.status === 'open').length;
  if (!agenda?.current && risks.length === 0) return null;
  return (
    <div className="presenter-pi" data-presenter-pi="">
      <AgendaClock model={model} large />
      {risks.length > 0 && (
        <span className={`presenter-risks${open > 0 ? ' presenter-risks--open' : ''}`} data-open-risks={open}>
          {open === 0 ? 'Every risk ROAMed' : `${open} open risk${open === 1 ? '' : 's'}`}
        </span>
      )}
    </div>
  );
}

/** The call back on the projector: the banner, without a button (the projector stays where it is). */
export function PresenterCallBack({ model }: { model: RoomModel }) {
  return <CallBackBar model={model} away={false} />;
}
