import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { downloaded, dropFile, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

const BACKLOG = [
  'id,title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize,Sprint',
  'CSV-1,Single sign-on,Identity,Security,8,5,3,5,S1',
  'CSV-2,Usage analytics,Insights,Growth,13,8,5,3,S1',
  'CSV-3,Dark mode,Web,Experience,3,1,1,2,S2',
  'CSV-4,Invoice export,Billing,Finance,4,2,2,2,S2',
  'CSV-5,Team spaces,Collab,Growth,,,,,',
  'CSV-1,Single sign-on again,Identity,Security,8,5,3,5,S3',
].join('\n');

describe('browser: backlog CSV in, ranking CSV out', () => {
  const board = useBoardHarness();
  const dir = mkdtempSync(join(tmpdir(), 'ladder-csv-'));
  board.onCleanup(() => rmSync(dir, { recursive: true, force: true }));

  it('imports through the file picker with a report of rejected rows and warnings; the export matches the ranking', async () => {
    const room = await createRoom(board.ladder.url, 'CSV room');
    const member = await board.join(room.links.facilitator, 'Fay Facilitator');
    const { page } = member;
    const file = join(dir, 'backlog.csv');
    writeFileSync(file, BACKLOG);

    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.locator('[data-import-input]').setInputFiles(file);
    const report = page.locator('[data-import-report]');
    await report.waitFor({ timeout: 15_000 });
    expect(await report.textContent()).toMatch(/5\s*created.*1\s*rejected.*1\s*warning(?!s)/);
    // The id given twice is rejected; CSV-4's business value 4 is off the scale: left blank, with a warning.
    expect(await page.getByLabel('Rejected rows').textContent()).toContain('Line 7');
    expect(await page.getByLabel('Import warnings').textContent()).toBe('Line 5 Business value 4 is not on the room\'s scale; left blank (nearest: 5)');
    expect(await page.locator('[data-import-ignored]').textContent()).toMatch(/Columns not read: Sprint\./);
    await saveScreenshot(page, 'csv-import-report');
    await page.getByRole('button', { name: 'Done' }).click();

    const rows = await waitForRanking(page, (r) => r.length === 5);
    expect(rows.map((r) => r.id)).toEqual(['CSV-2', 'CSV-1', 'CSV-3', 'CSV-4', 'CSV-5']);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, null, null]);
    await page.locator('[data-card-feature-id="CSV-5"]').waitFor({ timeout: 15_000 });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the ranking as CSV' }).click(),
    ]);
    const lines = (await downloaded(download)).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,id,title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize,costOfDelay,wsjf,committed,inCapacity,latestNote');
    const exported = lines.slice(1).map((l) => l.split(','));
    expect(exported.map((c) => c[1])).toEqual(rows.map((r) => r.id));
    expect(exported.map((c) => (c[0] === '' ? null : Number(c[0])))).toEqual(rows.map((r) => r.rank));
    await saveScreenshot(page, 'csv-after-import');
    expect(member.errors).toEqual([]);
  }, 150_000);
  it('a CSV dropped onto the board imports with a progress bar and a report; a file that is not CSV is refused with a message', async () => {
    const room = await createRoom(board.ladder.url, 'Drop room');
    const member = await board.join(room.links.product, 'Dora Dropper');
    const { page } = member;
    // Watch for the upload's progress bar, however briefly it is shown.
    await page.evaluate(`(() => {
      window.__progressSeen = false;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) {
          if (n.nodeType === 1 && (n.matches('[role=progressbar]') || n.querySelector('[role=progressbar]'))) window.__progressSeen = true;
        }
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    const drop = (name: string, type: string, text: string) => dropFile(page, name, type, text);

    await drop('roadmap.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK');
    await eventually(() => page.locator('.notice--error').allTextContents(), { until: (t) => t.some((x) => x.includes('“roadmap.xlsx” is not a CSV file')), what: 'not-CSV message', timeout: 30_000 });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await saveScreenshot(page, 'csv-drop-not-csv');

    await drop('backlog.csv', 'text/csv', BACKLOG);
    const report = page.locator('[data-import-report]');
    await report.waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.__progressSeen')).toBe(true);
    expect(await report.textContent()).toMatch(/5\s*created.*1\s*rejected/);
    expect(await page.getByLabel('Rejected rows').textContent()).toContain('Line 7');
    await saveScreenshot(page, 'csv-drop-report');
    await page.getByRole('button', { name: 'Done' }).click();
    const rows = await waitForRanking(page, (r) => r.length === 5);
    expect(rows.map((r) => r.id)).toEqual(['CSV-2', 'CSV-1', 'CSV-3', 'CSV-4', 'CSV-5']);
    await eventually(() => page.locator('[data-card-feature-id]').count(), { until: (n) => n === 5, what: 'a card per imported feature', timeout: 30_000 });

    // 23 estimates off the scale: 20 warnings listed one per line, then how many more.
    const offScale = ['id,title,userBusinessValue', ...Array.from({ length: 23 }, (_, i) => `W-${i + 1},Wide ${i + 1},40`)].join('\n');
    await drop('wide.csv', 'text/csv', offScale);
    const warnings = page.getByLabel('Import warnings');
    await warnings.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-import-report]').textContent()).toMatch(/23\s*created.*0\s*rejected.*23\s*warnings/);
    const listed = await warnings.locator('li').allTextContents();
    expect(listed).toHaveLength(21);
    expect(listed[0]).toBe('Line 2 Business value 40 is not on the room\'s scale; left blank (nearest: 20)');
    expect(listed[19]).toMatch(/^Line 21 /);
    expect(listed[20]).toBe('and 3 more');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(member.errors).toEqual([]);
  }, 150_000);
});
