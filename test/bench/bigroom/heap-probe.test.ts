import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { heapProbe, type HeapProbe } from './soak';

describe('the soak heap probe', () => {
  let probe: HeapProbe | null = null;
  let child: ReturnType<typeof spawn> | null = null;
  afterEach(() => { child?.kill(); probe?.release(); });

  it('forces a GC in the process and reads the heap still in use, which a retained allocation raises', async () => {
    probe = heapProbe();
    // A process that keeps ~40 MiB of arrays alive after its first second.
    const script = `const kept = []; setTimeout(() => { for (let i = 0; i < 40; i++) kept.push(new Array(131072).fill(i)); process.send?.('grown'); }, 50); process.send?.('ready'); setInterval(() => kept.length, 1000);`;
    child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...probe.env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const said: string[] = [];
    const heard = (word: string) => new Promise<void>((resolve) => {
      if (said.includes(word)) resolve();
      else child?.on('message', (m) => { if (m === word) resolve(); });
    });
    child.on('message', (m) => said.push(String(m)));
    await heard('ready');
    await heard('grown');
    const after = await probe.sample(child.pid as number);
    expect(after).toBeGreaterThan(30);
  });

  it('answers NaN when the process has no probe', async () => {
    probe = heapProbe();
    child = spawn(process.execPath, ['-e', `process.on('SIGUSR2', () => {}); process.send?.('ready'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve) => child?.once('message', () => resolve()));
    expect(await probe.sample(child.pid as number, 500)).toBeNaN();
  });
});
