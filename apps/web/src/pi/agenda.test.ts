import { describe, expect, it } from 'vitest';
import { agendaNow, agendaProblem, SAFE_AGENDA } from '@ladder/board-doc';
import { addItem, callBack, clearCallBack, clock, editItem, leftText, minutesOf, moveItem, nextItem, removeItem, safeAgenda, startItem, totalMinutes } from './agenda';

describe('editing the agenda', () => {
  it('starts from SAFe\'s agenda, a copy the edits never change', () => {
    const agenda = safeAgenda();
    expect(agenda.items.map((i) => i.title)).toEqual(SAFE_AGENDA.map((i) => i.title));
    editItem(agenda, 'context', { title: 'Changed' });
    expect(SAFE_AGENDA[0]?.title).toBe('Business context');
    expect(agendaProblem(agenda)).toBeNull();
  });

  it('adds, edits, moves and removes items; every result is a valid agenda', () => {
    let agenda = safeAgenda();
    agenda = addItem(agenda, { id: 'lunch', title: 'Lunch', minutes: 45 });
    agenda = editItem(agenda, 'lunch', { minutes: 60 });
    agenda = moveItem(agenda, 'lunch', -1);
    expect(agenda.items.slice(-2).map((i) => i.id)).toEqual(['lunch', 'retro']);
    expect(moveItem(agenda, 'context', -1)).toBe(agenda);
    agenda = removeItem(agenda, 'vision');
    expect(agenda.items.some((i) => i.id === 'vision')).toBe(false);
    expect(totalMinutes(agenda)).toBe(SAFE_AGENDA.reduce((s, i) => s + i.minutes, 0) - 90 + 60);
    expect(agendaProblem(agenda)).toBeNull();
  });

  it('runs an item from now; removing the running item stops the clock; the next one follows', () => {
    let agenda = startItem(safeAgenda(), 'roam', 1_000);
    expect(agendaNow(agenda, 1_000 + 60_000)?.leftMs).toBe(29 * 60_000);
    expect(nextItem(agenda)?.id).toBe('confidence');
    agenda = removeItem(agenda, 'roam');
    expect(agenda.current).toBeNull();
    expect(nextItem(startItem(agenda, 'retro', 0))).toBeNull();
    expect(agendaProblem(agenda)).toBeNull();
  });

  it('calls everyone back with a message, and clears it', () => {
    const called = callBack(safeAgenda(), 5_000, '  Draft plan review  ');
    expect(called.callBack).toEqual({ at: 5_000, message: 'Draft plan review' });
    expect(agendaProblem(called)).toBeNull();
    expect(clearCallBack(called).callBack).toBeNull();
  });

  it('reads a timebox of 1–1440 whole minutes', () => {
    expect(minutesOf(' 45 ')).toBe(45);
    expect(['0', '1441', '2.5', 'soon', ''].map(minutesOf)).toEqual([null, null, null, null, null]);
  });

  it('tells the time left, and over once past the timebox', () => {
    expect(clock(65_000)).toBe('1:05');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(leftText(12 * 60_000 + 30_000)).toBe('12:30 left');
    expect(leftText(59_001)).toBe('1:00 left');
    expect(leftText(-185_000)).toBe('3:05 over');
  });
});
