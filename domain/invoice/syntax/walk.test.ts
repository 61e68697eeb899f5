import { describe, expect, it } from 'vitest';
import { localNumber } from '../../xml/names.ts';
import { NO_ATTRS, type XmlElement } from '../../xml/tree.ts';
import { walk } from './walk.ts';

describe('walk', () => {
  it('goes depth first without recursion, however deep the tree', () => {
    const depth = 100_000;
    const a = { ns: '', local: 'a', localNumber: localNumber('a'), attrs: NO_ATTRS };
    let el: XmlElement = { ...a, children: [], text: 'x' };
    for (let k = 1; k < depth; k++) el = { ...a, children: [el], text: '' };
    let deepest = 0;
    let seen = 0;
    walk(el, (_el, ancestors) => {
      seen++;
      deepest = Math.max(deepest, ancestors.length);
    });
    expect(seen).toBe(depth);
    expect(deepest).toBe(depth - 1);
  });
});
