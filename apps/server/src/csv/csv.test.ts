import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addNote, createFeature, featuresMap, initRoom, rankingOf, readFeature, readFeatures, readNotes, setMeta, updateFeature } from '@ladder/board-doc';
import { csvCell, rankingCsv, twoDecimals } from './export';
import { applyImport, CsvImportError, parseImportCsv, separatorOf } from './import';

const ctx = { participantId: 'importer', now: 1000 };

function room(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'CSV' });
  return doc;
}

describe('CSV export', () => {
  test('cells are quoted when needed and formula starts are neutralised', async () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(2.5)).toBe('2.5');
  });

  test('the export has the contract columns, then committed, inCapacity and latestNote, one row per feature in rank order', async () => {
    const doc = room();
    createFeature(doc, { id: 'LOW', title: 'Low', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 13 }, ctx);
    createFeature(doc, { id: 'HIGH', title: '=cmd|calc', team: 'Atlas, Inc.', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, ctx);
    createFeature(doc, { id: 'NONE', title: 'Unscored' }, ctx);
    const lines = rankingCsv(rankingOf(doc)).split('\r\n');
    expect(lines[0]).toBe('rank,id,title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize,costOfDelay,wsjf,committed,inCapacity,latestNote');
    // Without a capacity there is no cut line: inCapacity is empty.
    expect(lines[1]).toBe('1,HIGH,\'=cmd|calc,"Atlas, Inc.",,8,5,3,2,16,8,false,,');
    expect(lines[2]).toBe('2,LOW,Low,,,1,1,1,13,3,0.23,false,,');
    expect(lines[3]).toBe(',NONE,Unscored,,,,,,,,,false,,');
    expect(lines[4]).toBe('');
  });

  test('WSJF and cost of delay are written with two decimals at most; whole numbers stay whole', async () => {
    expect(twoDecimals(26 / 3)).toBe(8.67);
    expect(twoDecimals(4)).toBe(4);
    expect(twoDecimals(2.5)).toBe(2.5);
    expect(twoDecimals(null)).toBeNull();
    const doc = room();
    createFeature(doc, { id: 'THIRDS', title: 'Thirds', userBusinessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 3 }, ctx);
    createFeature(doc, { id: 'WHOLE', title: 'Whole', userBusinessValue: 3, timeCriticality: 3, riskReduction: 2, jobSize: 2 }, ctx);
    const cells = rankingCsv(rankingOf(doc)).split('\r\n').slice(1, 3).map((line) => line.split(',').slice(9, 11));
    expect(cells).toEqual([['26', '8.67'], ['8', '4']]);
  });

  test('committed, the cut line and the newest note about each feature are exported', async () => {
    const doc = room();
    setMeta(doc, { capacity: 5 });
    createFeature(doc, { id: 'TOP', title: 'Top', userBusinessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 3 }, ctx);
    createFeature(doc, { id: 'CUT', title: 'Cut', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, ctx);
    createFeature(doc, { id: 'NONE', title: 'Unscored' }, ctx);
    updateFeature(doc, 'CUT', { committed: true }, ctx);
    addNote(doc, { id: 'n1', text: 'first why', author: 'Ann', at: 10, featureId: 'CUT' });
    addNote(doc, { id: 'n3', text: '=newest, "quoted"\nwhy', author: 'Ann', at: 30, featureId: 'CUT' });
    addNote(doc, { id: 'n2', text: 'older why', author: 'Ann', at: 20, featureId: 'CUT' });
    addNote(doc, { id: 'n4', text: 'about the whole ranking', author: 'Ann', at: 40 });
    const lines = rankingCsv(rankingOf(doc), readNotes(doc)).split('\r\n');
    expect(lines[1]).toBe('1,TOP,Top,,,20,20,20,3,60,20,false,true,');
    expect(lines[2]).toBe('2,CUT,Cut,,,8,5,3,5,16,3.2,true,false,"\'=newest, ""quoted""\nwhy"');
    expect(lines[3]).toBe(',NONE,Unscored,,,,,,,,,false,false,');
  });
});

describe('CSV import', () => {
  test('Jira header names in any case; the header is line 1; an estimate that is not a number is left out of its row', async () => {
    const text = 'Issue key,SUMMARY,description,Team,business value,Time Criticality,Risk Reduction,Story Points\n'
      + 'PI-1,Checkout,"Pay, ""quickly""",Atlas,8,3,2,5\n'
      + 'PI-2,Search,,Borealis,lots,1,1,1\n'
      + '\n'
      + 'PI-3,Reports,,,,,,\n';
    const { rows, rejected } = await parseImportCsv(text);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, fields: { id: 'PI-1', title: 'Checkout', description: 'Pay, "quickly"', team: 'Atlas', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 } },
      { line: 3, fields: { id: 'PI-2', title: 'Search', team: 'Borealis', timeCriticality: 1, riskReduction: 1, jobSize: 1 }, unreadable: [{ field: 'userBusinessValue', text: 'lots' }] },
      { line: 5, fields: { id: 'PI-3', title: 'Reports' } },
    ]);
  });

  test('Jira\'s custom WSJF fields map by their usual names', async () => {
    const headers = ['Issue key', 'Summary', 'Custom field (Strategic Theme)', 'Custom field (Team)', 'Custom field (User Business Value)',
      'Custom field (Time Criticality)', 'Custom field (RR|OE)', 'Custom field (Job Size)'];
    const parsed = await parseImportCsv(`${headers.join(',')}\nPI-1,Checkout,Growth,Atlas,8,3,2,5\n`);
    expect(parsed.ignoredColumns).toEqual([]);
    expect(parsed.rows[0]?.fields).toEqual({ id: 'PI-1', title: 'Checkout', theme: 'Growth', team: 'Atlas', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 });
    const other = await parseImportCsv('Summary,custom field (theme),Custom Field (Business Value),Custom field (Risk Reduction-Opportunity Enablement)\nOne,Platform,13,1\n');
    expect(other.ignoredColumns).toEqual([]);
    expect(other.rows[0]?.fields).toEqual({ title: 'One', theme: 'Platform', userBusinessValue: 13, riskReduction: 1 });
  });

  test('the export format reads back', async () => {
    const { rows } = await parseImportCsv('rank,id,title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize,costOfDelay,wsjf\r\n1,F-1,One,,,8,5,3,2,16,8\r\n');
    expect(rows[0]?.fields).toEqual({ id: 'F-1', title: 'One', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 });
  });

  test('an empty body, a file with neither a title nor an id column, or broken quotes are errors', async () => {
    await expect(parseImportCsv('')).rejects.toThrow(CsvImportError);
    await expect(parseImportCsv('  \n')).rejects.toThrow(CsvImportError);
    await expect(parseImportCsv('team,job size\nA,5\n')).rejects.toThrow(/needs a title column .*or an id column/);
    await expect(parseImportCsv('title,team\n"open,B\n')).rejects.toThrow(CsvImportError);
  });

  test('a quote that is never closed names the line of the row where it opens, after multi-line cells too', async () => {
    const before = 'title,description\nOne,"two\nlines"\nTwo,fine\n';
    await expect(parseImportCsv(`${before}"Open,x\nFour,y\nFive,z\n`)).rejects.toThrow(/from line 5 on.*never closed/);
    await expect(parseImportCsv('title,description\r\nOne,"a\r\nb"\r\n"Open,x\r\nFive,z\r\n')).rejects.toThrow(/from line 4 on/);
  });

  test('numbers are read as a spreadsheet writes them; hex, exponents, Infinity and thousands separators are not numbers', async () => {
    const text = ['id,title,Job Size', 'A,One, 5 ', 'B,Two,2.5', 'C,Three,0x5', 'D,Four,1e1', 'E,Five,Infinity', 'F,Six,"1,000"', 'G,Seven,.5', 'H,Eight,-3'].join('\n');
    const parsed = await parseImportCsv(text);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.map((r) => [r.fields.id, r.fields.jobSize ?? r.unreadable?.[0]?.text])).toEqual([
      ['A', 5], ['B', 2.5], ['C', '0x5'], ['D', '1e1'], ['E', 'Infinity'], ['F', '1,000'], ['G', 0.5], ['H', -3],
    ]);
  });

  test('a JSON body is refused as JSON, not read as a CSV with a strange header', async () => {
    await expect(parseImportCsv('{"features":[{"title":"One"}]}')).rejects.toThrow('The body is JSON, not CSV');
    await expect(parseImportCsv('[1, 2]')).rejects.toThrow('The body is JSON, not CSV');
    // A CSV whose first cell starts with a bracket is still a CSV.
    expect((await parseImportCsv('title\n[Spike] login\n')).rows.map((r) => r.fields.title)).toEqual(['[Spike] login']);
  });

  test('a quote inside an unquoted cell is text, as spreadsheets read it', async () => {
    const parsed = await parseImportCsv('Summary,Job Size\nSupport 27" monitors,5\n"Quoted ""inch"" sign",3\nPlain,2\n');
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.fields.title])).toEqual([[2, 'Support 27" monitors'], [3, 'Quoted "inch" sign'], [4, 'Plain']]);
  });

  test('rows create and update features in one transaction; values the document refuses are rejected', async () => {
    const doc = room();
    createFeature(doc, { id: 'OLD', title: 'Old title', userBusinessValue: 3, jobSize: 5 }, ctx);
    const { rows } = await parseImportCsv(`key,summary,job size,business value\nOLD,New title,8,\nNEW,Fresh,2,13\nB@D,Bad id,3,1\nLONG,${'x'.repeat(201)},1,1\n,No id,1,1\n`);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const result = doc.transact(() => applyImport(doc, rows, ctx));
    expect(transactions).toBe(1);
    expect(result.created).toBe(2);
    expect(result.updated).toBe(1);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5]);
    expect(result.warnings).toEqual([]);
    expect(readFeature(doc, 'OLD')).toMatchObject({ title: 'New title', jobSize: 8, userBusinessValue: 3 });
    expect(readFeature(doc, 'NEW')).toMatchObject({ title: 'Fresh', jobSize: 2, userBusinessValue: 13, createdBy: 'importer' });
    expect(readFeature(doc, 'B@D')).toBeNull();
    expect(readFeature(doc, 'LONG')).toBeNull();
    expect(readFeatures(doc).features.some((f) => f.title === 'No id')).toBe(true);
  });

  test('an estimate off the room\'s scale, or not a number, is left blank with a warning naming the nearest scale value; the row is imported', async () => {
    const doc = room();
    const { rows, rejected } = await parseImportCsv('id,title,business value,time criticality,job size\nF-1,Forty,40,3,5\nF-2,Zero and junk,8,high,0\nF-3,Halfway,2.5,1,1\n');
    expect(rejected).toEqual([]);
    const result = applyImport(doc, rows, ctx);
    expect(result).toMatchObject({ created: 3, updated: 0, rejected: [] });
    expect(result.warnings).toEqual([
      { line: 2, column: 'userBusinessValue', value: 40, nearest: 20, message: 'Business value 40 is not on the room\'s scale; left blank (nearest: 20)' },
      { line: 3, column: 'timeCriticality', value: 'high', nearest: null, message: 'Time criticality "high" is not a number; left blank (use a value of the room\'s scale: 1, 2, 3, 5, 8, 13, 20)' },
      { line: 3, column: 'jobSize', value: 0, nearest: 1, message: 'Job size 0 is not on the room\'s scale; left blank (nearest: 1)' },
      { line: 4, column: 'userBusinessValue', value: 2.5, nearest: 3, message: 'Business value 2.5 is not on the room\'s scale; left blank (nearest: 3)' },
    ]);
    expect(readFeature(doc, 'F-1')).toMatchObject({ title: 'Forty', userBusinessValue: null, timeCriticality: 3, jobSize: 5 });
    expect(readFeature(doc, 'F-2')).toMatchObject({ userBusinessValue: 8, timeCriticality: null, jobSize: null });
  });

  test('on a feature being updated, an off-scale estimate keeps the value it holds (as an empty cell does), and the warning says so', async () => {
    const doc = room();
    createFeature(doc, { id: 'F-1', title: 'One', userBusinessValue: 13, jobSize: 5 }, ctx);
    const { rows } = await parseImportCsv('id,business value,job size\nF-1,40,8\n');
    const result = applyImport(doc, rows, ctx);
    expect(result).toMatchObject({ created: 0, updated: 1, rejected: [] });
    expect(result.warnings.map((w) => w.message)).toEqual(['Business value 40 is not on the room\'s scale; kept 13 (nearest: 20)']);
    expect(readFeature(doc, 'F-1')).toMatchObject({ userBusinessValue: 13, jobSize: 8 });
  });

  test('the room\'s own scale decides what is off it; a rejected row carries no warnings', async () => {
    const doc = new Y.Doc();
    initRoom(doc, { title: 'T-shirts', scale: [1, 2, 4, 8, 16] });
    const { rows } = await parseImportCsv('id,title,job size\nA,Four,4\nB,Five,5\nC@,Bad id,40\n');
    const result = applyImport(doc, rows, ctx);
    expect(result.created).toBe(2);
    expect(result.rejected.map((r) => r.line)).toEqual([4]);
    expect(result.warnings).toEqual([expect.objectContaining({ line: 3, column: 'jobSize', value: 5, nearest: 4 })]);
    expect(readFeature(doc, 'A')).toMatchObject({ jobSize: 4 });
  });

  test('a file without a title column updates the features its ids name; an unknown id is rejected on its own line', async () => {
    for (const text of ['id,jobSize\nF-1,8\nF-9,3\nF-2,13\n', 'Issue key,Story Points\nF-1,8\nF-9,3\nF-2,13\n']) {
      const doc = room();
      createFeature(doc, { id: 'F-1', title: 'One', jobSize: 5 }, ctx);
      createFeature(doc, { id: 'F-2', title: 'Two' }, ctx);
      const parsed = await parseImportCsv(text);
      expect(parsed.rejected).toEqual([]);
      const result = applyImport(doc, parsed.rows, ctx);
      expect(result).toEqual({ created: 0, updated: 2, rejected: [{ line: 3, reason: 'no title: a new feature needs a title (no feature has id F-9).' }], warnings: [] });
      expect(readFeature(doc, 'F-1')).toMatchObject({ title: 'One', jobSize: 8 });
      expect(readFeature(doc, 'F-2')).toMatchObject({ title: 'Two', jobSize: 13 });
      expect(readFeature(doc, 'F-9')).toBeNull();
    }
  });

  test('a row that repeats what the feature holds is not counted as updated', async () => {
    const doc = room();
    createFeature(doc, { id: 'SAME', title: 'Same', jobSize: 5 }, ctx);
    createFeature(doc, { id: 'MOVED', title: 'Moved', jobSize: 5 }, ctx);
    const { rows } = await parseImportCsv('id,title,job size\nSAME,Same,5\nMOVED,Moved,8\n');
    const result = applyImport(doc, rows, { participantId: 'second', now: 2000 });
    expect(result).toMatchObject({ created: 0, updated: 1, rejected: [] });
    expect(featuresMap(doc).get('SAME')?.get('updatedBy')).not.toBe('second');
    expect(readFeature(doc, 'MOVED')).toMatchObject({ jobSize: 8 });
    expect(featuresMap(doc).get('MOVED')?.get('updatedBy')).toBe('second');
  });

  test('a semicolon-separated file (European Excel) is read by its header line', async () => {
    expect(separatorOf('id;title;job size\r\nA;"x, y";3')).toBe(';');
    expect(separatorOf('id,title\nA;B,1')).toBe(',');
    expect(separatorOf('"a;b;c",title\n')).toBe(',');
    const { rows, rejected } = await parseImportCsv('Issue key;Summary;Story Points;Business Value\nEU-1;Rechnung, neu;5;8\n');
    expect(rejected).toEqual([]);
    expect(rows).toEqual([{ line: 2, fields: { id: 'EU-1', title: 'Rechnung, neu', jobSize: 5, userBusinessValue: 8 } }]);
  });

  test('Jira\'s "Custom field (…)" headers, tab-separated text, and columns nobody reads are named', async () => {
    const jira = await parseImportCsv('Issue key,Summary,Custom field (Business Value),Custom field (Story Points),Sprint\nPI-1,Checkout,8,5,S1\n');
    expect(jira.rows).toEqual([{ line: 2, fields: { id: 'PI-1', title: 'Checkout', userBusinessValue: 8, jobSize: 5 } }]);
    expect(jira.ignoredColumns).toEqual(['Sprint']);
    expect(separatorOf('id\ttitle\tjob size\nA\tB, C\t3')).toBe('\t');
    expect((await parseImportCsv('id\ttitle\tjob size\nA\tB, C\t3\n')).rows).toEqual([{ line: 2, fields: { id: 'A', title: 'B, C', jobSize: 3 } }]);
  });

  test('a row with more cells than the header, and an id given twice, are rejected with their lines', async () => {
    const parsed = await parseImportCsv('id,title,job size\nA,One,3\nB,Two, with a comma,5\nA,One again,8\nC,Three,2,\n');
    expect(parsed.rows.map((r) => r.fields.id)).toEqual(['A', 'C']);
    expect(parsed.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(parsed.rejected[0]!.reason).toMatch(/4 cells but the header has 3/);
    expect(parsed.rejected[1]!.reason).toMatch(/id A is on line 2 already/);
  });

  test('text that was not UTF-8 (a character that could not be decoded) is refused, naming the line', async () => {
    await expect(parseImportCsv('title\nCaf\uFFFD\n')).rejects.toThrow(/not UTF-8.*line 2.*CSV UTF-8/);
  });

  test('a row with several bad values names all of them', async () => {
    const doc = room();
    const { rows } = await parseImportCsv(`id,title,team,job size\nB@D,Two bad,${'t'.repeat(81)},4\n`);
    const result = applyImport(doc, rows, ctx);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.reason).toMatch(/^id .*; team /);
    expect(result.warnings).toEqual([]);
  });

  test('line numbers are lines of the file: a quoted cell with line breaks (a Jira description) moves the rows after it', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['Issue key,Summary,Description,Job Size', 'A-1,One,"first line', 'second line', 'third line",5', 'A-2,Two,plain,abc', '',
        'A-3,Three,"x', 'y",5', 'A-1,Again,z,5', 'A-4,Four,w,4'].join(eol) + eol;
      const parsed = await parseImportCsv(text);
      expect(parsed.rows.map((r) => [r.fields.id, r.line]), JSON.stringify(eol)).toEqual([['A-1', 2], ['A-2', 5], ['A-3', 7], ['A-4', 10]]);
      expect(parsed.rows[0]!.fields.description).toBe(['first line', 'second line', 'third line'].join(eol));
      expect(parsed.rejected.map((r) => r.line)).toEqual([9]);
      expect(parsed.rejected[0]!.reason).toMatch(/id A-1 is on line 2 already/);
      const result = applyImport(room(), parsed.rows, ctx);
      expect(result.rejected).toEqual([]);
      expect(result.warnings.map((w) => [w.line, w.value])).toEqual([[5, 'abc'], [10, 4]]);
    }
  });
});
