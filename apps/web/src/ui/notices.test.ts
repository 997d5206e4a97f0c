import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dismiss, getNotices, holdNotices, notify } from './notices';

const texts = () => getNotices().map((n) => n.text);

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    holdNotices(false);
    for (const n of getNotices()) dismiss(n.id);
    vi.useRealTimers();
  });

  it('go away on their own, errors later than the rest', () => {
    notify({ tone: 'success', text: 'Added' });
    notify({ tone: 'error', text: 'Refused' });
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual(['Refused']);
    vi.advanceTimersByTime(2_000);
    expect(texts()).toEqual([]);
  });

  it('stay while held (pointer or keyboard on one), then get their whole time again', () => {
    notify({ tone: 'success', text: 'Added' });
    vi.advanceTimersByTime(4_000);
    holdNotices(true);
    notify({ tone: 'info', text: 'Deleted', ttl: 10_000 });
    vi.advanceTimersByTime(60_000);
    expect(texts()).toEqual(['Added', 'Deleted']);
    holdNotices(false);
    vi.advanceTimersByTime(4_999);
    expect(texts()).toEqual(['Added', 'Deleted']);
    vi.advanceTimersByTime(1);
    expect(texts()).toEqual(['Deleted']);
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual([]);
  });

  it('a notice dismissed while held lets the others run again', () => {
    const first = notify({ tone: 'success', text: 'One' });
    notify({ tone: 'success', text: 'Two' });
    holdNotices(true);
    dismiss(first);
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual([]);
  });

  it('keep the last four, dropping the oldest', () => {
    for (const text of ['a', 'b', 'c', 'd', 'e']) notify({ tone: 'info', text });
    expect(texts()).toEqual(['b', 'c', 'd', 'e']);
  });
});
