import { describe, expect, it } from 'vitest';
import { nodeOfClients } from './many-rooms';

describe('placing many rooms\' clients on the nodes', () => {
  it('spread: client i on node i mod n, so every node holds a part of every room', () => {
    const nodes = nodeOfClients(20, 10, 3, 'spread');
    expect(nodes.slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(new Set(nodes.slice(0, 10)).size).toBe(3);
  });

  it('by room: every client of room r on node r mod n', () => {
    const nodes = nodeOfClients(40, 10, 3, 'by room');
    expect(nodes).toEqual([...Array<number>(10).fill(0), ...Array<number>(10).fill(1), ...Array<number>(10).fill(2), ...Array<number>(10).fill(0)]);
  });
});
