import { describe, expect, it } from 'vitest';
import { NO_ATTRS, type XmlElement } from '../../xml/tree.ts';
import { walk } from './walk.ts';

describe('walk', () => {
  it('goes depth first without recursion, however deep the tree', () => {
    const depth = 100_000;
    let el: XmlElement = { ns: '', local: 'a', attrs: NO_ATTRS, children: [], text: 'x' };
    for (let k = 1; k < depth; k++) el = { ns: '', local: 'a', attrs: NO_ATTRS, children: [el], text: '' };
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
