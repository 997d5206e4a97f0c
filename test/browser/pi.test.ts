import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Page } from 'playwright-core';
import {
  createFeature, raiseRisk, readAgenda, readObjectives, readPiState, readRisks, roamRisk, setAgenda, setObjective, setObjectiveValue, SAFE_AGENDA,
} from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { saveScreenshot } from '../support/browser';
import { api } from '../support/http';
import { createRoom, joinRoom, repoRoot } from '../support/server';
import { downloaded, waitForRanking } from './board';
import { useBoardHarness, type BoardHarness } from './harness';

// The end of a PI planning on the board: the confidence vote (blind, its concern invitation private to the voter who
// voted low, the concern turning into a risk on every ROAM board), the Business Owners' values with predictability
// live on other screens, and the agenda's running item and call back on every screen. Across PIs: the facilitator
// continues the room into the next PI; the earlier PI's figures stand in the across-PIs table on every screen while the
// current PI starts empty; a Business Owner scores an earlier objective at the Inspect & Adapt and the earlier PI's
// predictability changes on another screen; the replay's PI tab shows the objectives as they were before.

/** Four features over two teams, written as a script would. */
function seed(doc: Y.Doc, participantId: string): void {
  const ctx = { participantId, now: Date.now() };
  doc.transact(() => {
    createFeature(doc, { id: 'A', title: 'Payments API', team: 'Payments', userBusinessValue: 13, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, ctx);
    createFeature(doc, { id: 'B', title: 'Fraud rules', team: 'Payments', userBusinessValue: 8, timeCriticality: 3, riskReduction: 5, jobSize: 3 }, ctx);
    createFeature(doc, { id: 'C', title: 'Checkout UI', team: 'Web', userBusinessValue: 8, timeCriticality: 8, riskReduction: 2, jobSize: 3 }, ctx);
    createFeature(doc, { id: 'D', title: 'Search index', team: 'Web', userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 8 }, ctx);
  });
}

/** Opens the PI view from the toolbar (unless open) and one of its tabs. */
async function openPi(page: Page, tab: 'objectives' | 'risks' | 'confidence' | 'agenda'): Promise<void> {
  if (await page.locator('[data-pi-view]').count() === 0) await page.locator('[data-pi-open]').click();
  await page.locator(`[data-pi-tab="${tab}"]`).click();
  await page.locator(`[data-pi-panel="${tab}"]`).waitFor({ timeout: 15_000 });
}

/** Fay (facilitator), Pia (product) and Polly (portfolio) in their browsers, the seeded ranking in, the PI view on `tab`. */
async function facilitatorProductPortfolio(board: BoardHarness, room: { links: Record<'facilitator' | 'product' | 'portfolio', string> }, tab: Parameters<typeof openPi>[1]) {
  const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
  const pia = await board.join(room.links.product, 'Pia Product');
  const polly = await board.join(room.links.portfolio, 'Polly Portfolio');
  const people = [fay, pia, polly];
  for (const m of people) {
    await waitForRanking(m.page, (r) => r.length === 4);
    await openPi(m.page, tab);
  }
  return { fay, pia, polly, people };
}

/** Copies a screenshot into docs/screenshots when asked (LADDER_UPDATE_DOC_SCREENSHOTS=1), as the user guide shows it. */
function forDocs(shot: string, name: string): void {
  if (process.env.LADDER_UPDATE_DOC_SCREENSHOTS !== '1') return;
  mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  copyFileSync(shot, join(repoRoot, 'docs', 'screenshots', name));
}

const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name, { timeout: 30_000 });

describe('browser: PI objectives, risks, confidence and the agenda', () => {
  const board = useBoardHarness();

  it('a team votes its confidence blind; after the reveal only the voter of a 2 is invited, and the concern is a risk on every ROAM board', async () => {
    const room = await createRoom(board.ladder.url, 'ART Orion PI 27.1');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Import script');
    seed((await board.writer(room.roomId, script.token)).doc, script.participantId);
    const { fay, pia, polly, people } = await facilitatorProductPortfolio(board, room, 'confidence');

    // The facilitator opens a vote for team Payments; everyone gets the fist of five.
    await fay.page.getByLabel('Whose plan the vote is on').selectOption('Payments');
    await fay.page.getByRole('button', { name: 'Open the vote' }).click();
    const voteId = await attr(pia.page, '[data-confidence-vote][data-confidence-status="open"]', 'data-confidence-vote') as string;
    expect(voteId).toMatch(/^C-/);
    const card = (m: Page) => m.locator(`[data-confidence-vote="${voteId}"]`);
    expect(await card(polly.page).textContent()).toContain('team Payments');

    // Each votes on their own screen (Pia changes her mind before the reveal); everyone sees who voted, never what.
    await fay.page.getByRole('radio', { name: 'Confidence 4' }).click();
    await pia.page.getByRole('radio', { name: 'Confidence 3' }).click();
    await pia.page.getByRole('radio', { name: 'Confidence 2' }).click();
    await polly.page.getByRole('radio', { name: 'Confidence 5' }).click();
    for (const m of people) {
      await eventually(() => card(m.page).getAttribute('data-confidence-voted'), { until: (n) => n === '3', what: 'three voted, on every screen', timeout: 30_000 });
    }
    const voters = await card(fay.page).locator('.confidence-vote__voters').textContent();
    expect(voters).toContain('Pia Product');
    expect(voters).toContain('Polly Portfolio');
    // Each screen has only its own value chosen; no value of anyone else's appears on another's screen.
    expect(await pia.page.getByRole('radio', { name: 'Confidence 2' }).getAttribute('aria-checked')).toBe('true');
    expect(await card(fay.page).locator('[aria-checked="true"]').count()).toBe(1);
    expect(await card(fay.page).getByRole('radio', { name: 'Confidence 4' }).getAttribute('aria-checked')).toBe('true');
    expect(await card(polly.page).textContent()).not.toMatch(/voted [24]/);
    await saveScreenshot(pia.page, 'pi-confidence-voting');

    // The reveal: the distribution, the average and the verdict on every screen.
    await fay.page.getByRole('button', { name: 'Reveal' }).click();
    for (const m of people) {
      await eventually(() => card(m.page).locator('[data-confidence-result]').getAttribute('data-confidence-result', { timeout: 30_000 }), { until: (v) => v === 'accepted', what: 'the plan accepted (average 3.7)', timeout: 30_000 });
      expect(await card(m.page).locator('[data-confidence-bar="2"]').getAttribute('data-count')).toBe('1');
      expect(await card(m.page).locator('[data-confidence-bar="3"]').getAttribute('data-count')).toBe('0');
      expect(await card(m.page).textContent()).toContain('Plan accepted');
      expect(await card(m.page).textContent()).toContain('3.7');
    }

    // Only Pia, who voted 2, is invited to state a concern; the others are told their own vote (the same answer that
    // would have invited them), and get no invitation.
    const invite = pia.page.locator(`[data-concern-invite="${voteId}"]`);
    await invite.waitFor({ timeout: 30_000 });
    expect(await invite.textContent()).toContain('You voted 2: state your concern');
    for (const [m, value] of [[fay, 4], [polly, 5]] as const) {
      await eventually(() => card(m.page).locator('[data-confidence-mine]').textContent({ timeout: 30_000 }), { until: (t) => t === `You voted ${value}.`, what: 'the voter\'s own value, from the server', timeout: 30_000 });
      expect(await m.page.locator('[data-concern-invite]').count()).toBe(0);
    }
    forDocs(await saveScreenshot(pia.page, 'pi-confidence-concern'), 'pi-confidence.png');
    await invite.getByLabel('Your concern').fill('The card vendor has not confirmed the sandbox date\nWithout it the Payments API slips an iteration.');
    await invite.getByRole('button', { name: 'File as a risk' }).click();
    await pia.page.getByText('your concern is on the ROAM board').waitFor({ timeout: 15_000 });

    // The concern is an open risk of team Payments on the others' ROAM boards, and counted on their PI button.
    for (const m of [fay, polly]) {
      await eventually(() => m.page.locator('[data-pi-open]').getAttribute('data-open-risks'), { until: (n) => n === '1', what: 'one open risk on the PI button', timeout: 30_000 });
      await openPi(m.page, 'risks');
      const risk = m.page.locator('[data-roam-column="open"] [data-risk]', { hasText: 'The card vendor has not confirmed the sandbox date' });
      await risk.waitFor({ timeout: 30_000 });
      expect(await risk.getAttribute('data-risk-status')).toBe('open');
      expect(await risk.locator('.risk__team').textContent()).toBe('Payments');
      // The risk never says how its author voted.
      expect(await risk.textContent()).not.toMatch(/voted|\b2\b/);
    }

    // Polly owns it (the owner is asked for first); Fay's board moves it to Owned.
    const riskId = await attr(polly.page, '[data-risk]', 'data-risk') as string;
    await polly.page.getByLabel(/^ROAM “The card vendor/).selectOption('owned');
    await polly.page.getByLabel(/^Owner of/).fill('Polly Portfolio');
    await polly.page.locator('[data-roam-detail="owned"]').getByRole('button', { name: 'Owned' }).click();
    const onFay = fay.page.locator(`[data-risk="${riskId}"]`);
    await eventually(() => onFay.getAttribute('data-risk-status'), { until: (s) => s === 'owned', what: 'the risk owned on Fay\'s board', timeout: 30_000 });
    expect(await onFay.locator('[data-risk-owner]').textContent()).toContain('Polly Portfolio');
    expect(await fay.page.locator('[data-pi-open]').getAttribute('data-open-risks')).toBe('0');
    await saveScreenshot(fay.page, 'pi-roam-board');
    for (const m of people) expect(m.errors).toEqual([]);
  }, 240_000);

  it('a Business Owner\'s values appear live on the others\' screens with predictability; the product role sees them read-only', async () => {
    const room = await createRoom(board.ladder.url, 'ART Orion PI 27.1');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Import script');
    const writer = await board.writer(room.roomId, script.token);
    seed(writer.doc, script.participantId);
    writer.doc.transact(() => {
      setObjective(writer.doc, { id: 'O-1', team: 'Payments', text: 'Card payments live in two countries', committed: true, featureIds: ['A'] });
      setObjective(writer.doc, { id: 'O-2', team: 'Payments', text: 'Fraud rules tuned with the risk team', committed: false, featureIds: ['B'] });
      setObjective(writer.doc, { id: 'O-3', team: 'Web', text: 'One-page checkout', committed: true, featureIds: ['C'] });
    });
    const polly = await board.join(room.links.portfolio, 'Polly Portfolio');
    const pia = await board.join(room.links.product, 'Pia Product');
    for (const m of [polly, pia]) {
      await waitForRanking(m.page, (r) => r.length === 4);
      await openPi(m.page, 'objectives');
      await m.page.locator('[data-objective="O-3"]').waitFor({ timeout: 30_000 });
    }
    // The product role sees the values, not a control to set them.
    expect(await pia.page.locator('[data-planned-value] select, [data-actual-value] select').count()).toBe(0);
    expect(await polly.page.locator('[data-planned-value] select').count()).toBe(3);

    // Polly sets the Business Owners' values: Payments plans 10 (committed) and delivers 8 + 1 = 9 → 90 %; Web plans
    // 8 and delivers 5 → 62.5 %; the ART 18 planned, 14 actual → 77.8 %.
    const set = async (id: string, field: 'Planned' | 'Actual', value: number) =>
      polly.page.locator(`[data-objective="${id}"]`).getByLabel(new RegExp(`^${field} business value`)).selectOption(String(value));
    await set('O-1', 'Planned', 10);
    await set('O-1', 'Actual', 8);
    await set('O-2', 'Planned', 5);
    await set('O-2', 'Actual', 1);
    await set('O-3', 'Planned', 8);
    await set('O-3', 'Actual', 5);

    const value = (id: string, which: 'planned' | 'actual') => attr(pia.page, `[data-objective="${id}"] [data-${which}-value]`, `data-${which}-value`);
    await eventually(() => value('O-3', 'actual'), { until: (v) => v === '5', what: 'the last value on Pia\'s screen', timeout: 30_000 });
    expect(await value('O-1', 'planned')).toBe('10');
    expect(await value('O-2', 'actual')).toBe('1');
    const figure = (scope: string) => pia.page.locator(`[data-predictability="${scope}"]`);
    expect(await figure('Payments').getAttribute('data-percent')).toBe('90');
    expect(await figure('Payments').getAttribute('data-in-band')).toBe('');
    expect(await figure('Payments').textContent()).toContain('90 %');
    expect(await figure('Web').getAttribute('data-percent')).toBe('62.5');
    expect(await figure('Web').getAttribute('data-in-band')).toBeNull();
    expect(await figure('ART').getAttribute('data-percent')).toBe('77.8');
    expect(await figure('ART').getAttribute('data-in-band')).toBeNull();

    // Pia adds an objective for Web (text is anyone's who writes); it appears on Polly's screen, uncommitted.
    await pia.page.getByLabel('New objective for Web').fill('Search results under 200 ms');
    await pia.page.locator('[data-team-objectives="Web"] .objective-add__committed input').uncheck();
    await pia.page.locator('[data-team-objectives="Web"]').getByRole('button', { name: 'Add objective' }).click();
    const web = polly.page.locator('[data-team-objectives="Web"] [data-objective]');
    await eventually(() => web.count(), { until: (n) => n === 2, what: 'Pia\'s objective on Polly\'s screen', timeout: 30_000 });
    // The new one is the uncommitted one (O-3 is committed).
    const added = polly.page.locator('[data-team-objectives="Web"] [data-objective][data-committed="false"]');
    expect(await added.locator('.objective__text').inputValue()).toBe('Search results under 200 ms');
    // Its actual value counts for Web though it was not committed: 5 + 3 = 8 of 8 → 100 %, in the band.
    await added.getByLabel(/^Actual business value/).selectOption('3');
    await eventually(() => figure('Web').getAttribute('data-percent'), { until: (p) => p === '100', what: 'Web at 100 % on Pia\'s screen', timeout: 30_000 });
    expect(await figure('Web').getAttribute('data-in-band')).toBe('');
    forDocs(await saveScreenshot(polly.page, 'pi-objectives'), 'pi-objectives.png');
    await saveScreenshot(pia.page, 'pi-objectives-read-only');

    // Objectives CSV from the PI view.
    const [file] = await Promise.all([polly.page.waitForEvent('download'), polly.page.locator('[data-pi-export="objectives"]').click()]);
    const csv = (await downloaded(file)).toString('utf8').split('\r\n');
    expect(csv[0]).toBe('id,team,objective,committed,plannedValue,actualValue,features,pi');
    expect(csv).toContain('O-1,Payments,Card payments live in two countries,yes,10,8,Payments API,');

    // The session summary: objectives with their values and predictability.
    await pia.page.goto(`${board.ladder.url}/r/${room.roomId}?summary`);
    const summary = pia.page.locator('[data-summary-objectives]');
    await summary.waitFor({ timeout: 30_000 });
    await eventually(() => pia.page.locator('[data-summary-predictability="ART"]').textContent(), { until: (t) => (t ?? '').includes('actual 17'), what: 'the ART in the summary', timeout: 30_000 });
    expect(await pia.page.locator('[data-summary-predictability="Payments"]').textContent()).toContain('90 %');
    expect(await pia.page.locator('[data-summary-objective="O-1"]').textContent()).toContain('Card payments live in two countries');
    await summary.scrollIntoViewIfNeeded();
    await saveScreenshot(pia.page, 'pi-summary');
    for (const m of [polly, pia]) expect(m.errors).toEqual([]);
  }, 240_000);

  it('the agenda\'s running item ticks on every screen, red once over; the call back brings people to the main room', async () => {
    const room = await createRoom(board.ladder.url, 'ART Orion PI 27.1');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Import script');
    const writer = await board.writer(room.roomId, script.token);
    seed(writer.doc, script.participantId);
    raiseRisk(writer.doc, { id: 'R-1', title: 'Shared test environment booked by another ART', team: 'Web' });
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    await waitForRanking(pia.page, (r) => r.length === 4);

    // Fay lays out SAFe's agenda and starts the draft plan review.
    await openPi(fay.page, 'agenda');
    await fay.page.getByRole('button', { name: 'Start from SAFe\'s PI planning agenda' }).click();
    await fay.page.locator('[data-agenda-item]').nth(SAFE_AGENDA.length - 1).waitFor({ timeout: 30_000 });
    await fay.page.getByLabel('Minutes for “Draft plan review”').fill('45');
    await fay.page.getByLabel('Minutes for “Draft plan review”').press('Enter');
    await fay.page.getByRole('button', { name: 'Start “Draft plan review”' }).click();

    // Pia, on the planning board, sees it in the header with the time left, ticking.
    await pia.page.locator('[data-plan-open]').click();
    const clock = pia.page.locator('[role="toolbar"] [data-agenda-current]');
    await eventually(() => clock.getAttribute('data-agenda-current', { timeout: 30_000 }), { until: (id) => id === 'draft-review', what: 'the running item on Pia\'s header', timeout: 30_000 });
    const first = Number(await clock.getAttribute('data-agenda-left'));
    expect(first).toBeGreaterThan(44 * 60 - 30);
    expect(first).toBeLessThanOrEqual(45 * 60);
    expect(await clock.textContent()).toMatch(/Draft plan review4[45]:\d\d left/);
    await eventually(async () => Number(await clock.getAttribute('data-agenda-left')), { until: (left) => left < first, what: 'the clock ticking', timeout: 15_000 });
    expect(await clock.getAttribute('data-over')).toBeNull();

    // Started two hours ago (as if the facilitator's screen had started it then): over its timebox, in red.
    const agenda = readAgenda(writer.doc);
    if (!agenda) throw new Error('the agenda never reached the script');
    expect(agenda.current?.itemId).toBe('draft-review');
    setAgenda(writer.doc, { ...agenda, current: { itemId: 'draft-review', startedAt: Date.now() - 2 * 3_600_000 } });
    await eventually(() => clock.getAttribute('data-over'), { until: (v) => v === '', what: 'the clock over its timebox', timeout: 30_000 });
    expect(await clock.textContent()).toMatch(/1:1[45]:\d\d over/);
    expect(await clock.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)).toBe('rgb(198, 42, 47)');

    // Pia moves on to the PI view's risks; Fay calls everyone back.
    await openPi(pia.page, 'risks');
    await fay.page.getByLabel('Message with the call back (optional)').fill('Final plan review starts now');
    await fay.page.getByRole('button', { name: 'Call everyone back' }).click();
    const banner = pia.page.locator('[data-call-back]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('The facilitator calls everyone back to the main room');
    expect(await banner.textContent()).toContain('Final plan review starts now');
    await saveScreenshot(pia.page, 'pi-call-back');
    await banner.getByRole('button', { name: 'Back to the main room' }).click();
    await pia.page.locator('[data-pi-view]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(new URL(pia.page.url()).search).toBe('');
    expect(await pia.page.locator('[data-plan-view]').count()).toBe(0);
    await saveScreenshot(fay.page, 'pi-agenda');

    // The projector: the running item and the open risk in the presenter's head, and the call back.
    const projector = await board.join(room.links.observer, 'Projector');
    await projector.page.getByRole('button', { name: /^Presenter mode/ }).click();
    const head = projector.page.locator('[data-presenter]');
    await head.locator('[data-agenda-current="draft-review"]').waitFor({ timeout: 30_000 });
    expect(await head.locator('[data-open-risks]').getAttribute('data-open-risks')).toBe('1');
    expect(await head.locator('[data-open-risks]').textContent()).toBe('1 open risk');
    await head.locator('[data-call-back]').waitFor({ timeout: 30_000 });
    await saveScreenshot(projector.page, 'pi-presenter');

    // Fay clears the call back: the banner goes from every screen.
    await fay.page.locator('.callback-bar').getByRole('button', { name: 'Clear the call back' }).click();
    await pia.page.locator('[data-call-back]').waitFor({ state: 'detached', timeout: 30_000 });
    await head.locator('[data-call-back]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(readRisks(writer.doc)).toHaveLength(1);
    for (const m of [fay, pia, projector]) expect(m.errors).toEqual([]);
  }, 240_000);

  it('the facilitator continues into the next PI; the earlier PI\'s figures on every screen, scored later by a Business Owner; the replay\'s PI tab', async () => {
    const room = await createRoom(board.ladder.url, 'ART Orion PI 27.1');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Import script');
    const writer = await board.writer(room.roomId, script.token);
    const { doc } = writer;
    seed(doc, script.participantId);
    // PI 27.1 as planned: Payments plans 10 (committed) + 5 (uncommitted), Web 8; one actual value is in already.
    doc.transact(() => {
      setObjective(doc, { id: 'O-1', team: 'Payments', text: 'Card payments live in two countries', committed: true, featureIds: ['A'] });
      setObjective(doc, { id: 'O-2', team: 'Payments', text: 'Fraud rules tuned with the risk team', committed: false, featureIds: ['B'] });
      setObjective(doc, { id: 'O-3', team: 'Web', text: 'One-page checkout', committed: true, featureIds: ['C'] });
      setObjectiveValue(doc, 'O-1', 'plannedValue', 10);
      setObjectiveValue(doc, 'O-1', 'actualValue', 7);
      setObjectiveValue(doc, 'O-2', 'plannedValue', 5);
      setObjectiveValue(doc, 'O-3', 'plannedValue', 8);
      raiseRisk(doc, { id: 'R-1', title: 'Card vendor sandbox date unconfirmed', team: 'Payments', featureId: 'A' });
      raiseRisk(doc, { id: 'R-2', title: 'Shared test environment', team: 'Web' });
    });
    roamRisk(doc, 'R-2', 'owned', { owner: 'Wes Web' });
    // The ART's confidence vote, revealed (its public result is in the document).
    const post = (path: string, body: unknown = {}) => api(board.ladder.url, `/api/rooms/${room.roomId}/confidence${path}`, { method: 'POST', token: script.token, body });
    const voteId = ((await post('', { scope: 'ART' })).json as { voteId: string }).voteId;
    expect((await post(`/${voteId}/votes`, { value: 4 })).status).toBe(204);
    expect((await post(`/${voteId}/reveal`)).status).toBe(200);

    const { fay, pia, polly, people } = await facilitatorProductPortfolio(board, room, 'objectives');
    for (const m of people) await m.page.locator('[data-objective="O-3"]').waitFor({ timeout: 30_000 });
    // Not named yet, not continued: no table, no earlier PIs; only the facilitator may continue.
    expect(await pia.page.locator('[data-pi-current]').getAttribute('data-pi-current')).toBe('');
    expect(await pia.page.locator('[data-pi-across], [data-earlier-pi]').count()).toBe(0);
    expect(await pia.page.locator('[data-pi-continue]').count()).toBe(0);
    expect(await polly.page.locator('[data-pi-continue]').count()).toBe(0);
    expect(await pia.page.locator('[data-predictability="ART"]').getAttribute('data-percent')).toBe('38.9');

    // The last stored point before the continuation, for the replay.
    const timeline = async () => ((await api(board.ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: script.token })).json as { points: { seq: number }[] }).points;
    const beforeIndex = (await timeline()).length - 1;

    // Fay continues: the dialog names this PI after the room's title and suggests the next one.
    await fay.page.getByRole('button', { name: 'Continue into the next PI…' }).click();
    const dialog = fay.page.locator('[data-pi-continue-dialog]');
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.textContent()).toContain('This PI\'s 3 objectives keep their planned and actual business values under its name, PI 27.1.');
    expect(await dialog.locator('[data-pi-continue-current]').inputValue()).toBe('PI 27.1');
    expect(await dialog.locator('[data-pi-continue-next]').inputValue()).toBe('PI 27.2');
    // The same name twice is refused in the dialog.
    await dialog.locator('[data-pi-continue-next]').fill('PI 27.1');
    await dialog.locator('[data-pi-continue-confirm]').click();
    expect(await dialog.getByRole('alert').textContent()).toContain('needs a name of its own');
    await dialog.locator('[data-pi-continue-next]').fill('PI 27.2');
    await saveScreenshot(fay.page, 'pi-across-continue-dialog');
    await dialog.getByRole('button', { name: 'Continue into PI 27.2' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await fay.page.getByLabel('Name of the current PI').inputValue()).toBe('PI 27.2');

    // In the document: the objectives carry PI 27.1, PI 27.2 is current.
    await eventually(() => readPiState(doc), { until: (s) => s?.current === 'PI 27.2', what: 'the next PI in the script\'s document', timeout: 30_000 });
    expect(readPiState(doc)).toEqual({ current: 'PI 27.2', past: ['PI 27.1'] });
    expect(readObjectives(doc).map((o) => o.pi)).toEqual(['PI 27.1', 'PI 27.1', 'PI 27.1']);

    // Pia's screen: PI 27.2 current with no objectives; PI 27.1 in the table with its figures and in Earlier PIs, collapsed.
    const row = (page: Page, pi: string) => page.locator(`[data-pi-row="${pi}"]`);
    await eventually(() => pia.page.locator('[data-pi-current]').getAttribute('data-pi-current'), { until: (n) => n === 'PI 27.2', what: 'PI 27.2 current on Pia\'s screen', timeout: 30_000 });
    expect(await pia.page.locator('[data-team-objectives] [data-objective]').count()).toBe(0);
    expect(await pia.page.locator('[data-team-objectives="Payments"]').textContent()).toContain('No objectives yet.');
    expect(await pia.page.locator('[data-predictability="ART"]').getAttribute('data-percent')).toBe('');
    const earlier = row(pia.page, 'PI 27.1');
    expect(await earlier.getAttribute('data-planned')).toBe('18');
    expect(await earlier.getAttribute('data-actual')).toBe('7');
    expect(await earlier.getAttribute('data-percent')).toBe('38.9');
    expect(await earlier.getAttribute('data-in-band')).toBeNull();
    expect(await earlier.locator('[data-pi-team="Payments"]').getAttribute('data-percent')).toBe('70');
    expect(await earlier.locator('[data-pi-team="Web"]').getAttribute('data-percent')).toBe('0');
    expect(await row(pia.page, 'PI 27.2').getAttribute('data-pi-row-current')).toBe('');
    expect(await row(pia.page, 'PI 27.2').getAttribute('data-planned')).toBe('0');
    // Oldest first, then the current one.
    expect(await pia.page.locator('[data-pi-row]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset.piRow))).toEqual(['PI 27.1', 'PI 27.2']);
    const section = pia.page.locator('[data-earlier-pi="PI 27.1"]');
    expect(await section.evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(false);
    await section.locator('summary').click();
    expect(await section.locator('[data-objective]').count()).toBe(3);
    // Pia (product) sees the earlier values, not a control for them; nothing of an earlier objective is editable for her.
    expect(await section.locator('select, input').count()).toBe(0);

    // Polly, a Business Owner, scores PI 27.1 at the Inspect & Adapt: its actual values, not its planned ones.
    const scored = polly.page.locator('[data-earlier-pi="PI 27.1"]');
    await scored.locator('summary').click();
    expect(await scored.locator('[data-planned-value] select').count()).toBe(0);
    expect(await scored.locator('[data-actual-value] select').count()).toBe(3);
    await scored.locator('[data-objective="O-3"]').getByLabel(/^Actual business value/).selectOption('8');
    await scored.locator('[data-objective="O-2"]').getByLabel(/^Actual business value/).selectOption('3');
    // 7 + 3 + 8 = 18 of 18 planned: 100 %, in the band, on Pia's screen; Payments 10 of 10, Web 8 of 8.
    await eventually(() => earlier.getAttribute('data-percent'), { until: (p) => p === '100', what: 'PI 27.1 at 100 % on Pia\'s screen', timeout: 30_000 });
    expect(await earlier.getAttribute('data-actual')).toBe('18');
    expect(await earlier.getAttribute('data-in-band')).toBe('');
    expect(await earlier.locator('[data-pi-team="Web"]').getAttribute('data-percent')).toBe('100');
    expect(await section.locator('[data-objective="O-3"] [data-actual-value]').getAttribute('data-actual-value')).toBe('8');
    expect(await section.locator('[data-earlier-predictability="PI 27.1"]').getAttribute('data-percent')).toBe('100');

    // Pia plans the next PI: a new objective is PI 27.2's, and PI 27.1 keeps its three.
    await pia.page.getByLabel('New objective for Web').fill('Search results under 200 ms');
    await pia.page.locator('[data-team-objectives="Web"]').getByRole('button', { name: 'Add objective' }).click();
    await eventually(() => polly.page.locator('[data-team-objectives="Web"] [data-objective]').count(), { until: (n) => n === 1, what: 'the new PI\'s objective on Polly\'s screen', timeout: 30_000 });
    await eventually(() => row(polly.page, 'PI 27.2').locator('.pi-across__count').textContent(), { until: (t) => t === '1 objective', what: 'PI 27.2 counting one objective', timeout: 30_000 });
    expect(await scored.locator('[data-objective]').count()).toBe(3);
    await saveScreenshot(polly.page, 'pi-across-earlier-scored');
    await scored.scrollIntoViewIfNeeded();
    await saveScreenshot(polly.page, 'pi-across-earlier-open');
    await pia.page.locator('[data-pi-across]').scrollIntoViewIfNeeded();
    await saveScreenshot(pia.page, 'pi-across-table');
    await saveScreenshot(fay.page, 'pi-across-facilitator');

    // The replay, before the continuation: the PI tab shows PI 27.1's objectives as the current ones, read-only.
    await pia.page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = pia.page.getByRole('complementary', { name: 'History and replay' });
    await eventually(async () => Number(await panel.locator('[data-scrubber]').getAttribute('max')), { until: (max) => max > beforeIndex, what: 'the timeline in the panel', timeout: 30_000 });
    await panel.locator('[data-scrubber]').fill(String(beforeIndex));
    await panel.locator('[data-replay-pi-toggle]').click();
    const past = panel.locator('[data-replay-pi]');
    await past.waitFor({ timeout: 30_000 });
    await eventually(() => past.locator('[data-team-objectives] [data-objective]').count(), { until: (n) => n === 3, what: 'the three objectives then', timeout: 30_000 });
    expect(await past.locator('[data-pi-current]').getAttribute('data-pi-current')).toBe('');
    expect(await past.locator('[data-earlier-pi], [data-pi-across]').count()).toBe(0);
    expect(await past.locator('[data-objective="O-3"] [data-actual-value]').getAttribute('data-actual-value')).toBe('');
    expect(await past.locator('[data-predictability="ART"]').getAttribute('data-percent')).toBe('38.9');
    expect(await past.locator('[data-roam-column="open"] [data-risk="R-1"]').count()).toBe(1);
    expect(await past.locator('[data-roam-column="owned"] [data-risk="R-2"]').textContent()).toContain('Wes Web');
    expect(await past.locator(`[data-confidence-vote="${voteId}"] [data-confidence-result]`).getAttribute('data-confidence-result')).toBe('accepted');
    // Nothing to write with.
    expect(await past.locator('input, select, textarea, [data-pi-continue]').count()).toBe(0);
    await past.scrollIntoViewIfNeeded();
    await saveScreenshot(pia.page, 'pi-across-replay');

    // The latest point: PI 27.2 current, PI 27.1 among the earlier PIs and in the table, as scored.
    const last = Number(await panel.locator('[data-scrubber]').getAttribute('max'));
    await panel.locator('[data-scrubber]').fill(String(last));
    await eventually(() => past.locator('[data-pi-current]').getAttribute('data-pi-current'), { until: (n) => n === 'PI 27.2', what: 'PI 27.2 in the replay\'s latest point', timeout: 30_000 });
    expect(await past.locator('[data-pi-row="PI 27.1"]').getAttribute('data-percent')).toBe('100');
    await past.locator('[data-pi-across]').scrollIntoViewIfNeeded();
    await saveScreenshot(pia.page, 'pi-across-replay-after');

    // The session summary: the current PI's objectives, and a line per PI.
    await pia.page.goto(`${board.ladder.url}/r/${room.roomId}?summary`);
    const across = pia.page.locator('[data-summary-pi="PI 27.1"]');
    await across.waitFor({ timeout: 30_000 });
    expect(await across.textContent()).toContain('planned 18 · actual 18 · predictability 100 %');
    expect(await pia.page.locator('[data-summary-objective]').count()).toBe(1);
    for (const m of people) expect(m.errors).toEqual([]);
  }, 240_000);
});
