// @vitest-environment happy-dom
// The progress bar the chip read and the upload share: its name, its value in words and the share
// filled, clamped to the bar.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ProgressBar from '../../../renderer/components/ProgressBar.vue';

describe('the shared progress bar', () => {
  it('names itself, says its value and fills its share', () => {
    const w = mount(ProgressBar, { props: { value: 3, max: 4, label: 'Upload progress', valueText: '3 of 4 sent' } });
    const bar = w.get('[role="progressbar"]');
    expect([bar.attributes('aria-label'), bar.attributes('aria-valuenow'), bar.attributes('aria-valuemax'), bar.attributes('aria-valuetext')]).toEqual([
      'Upload progress',
      '3',
      '4',
      '3 of 4 sent',
    ]);
    expect(w.get('.bar__fill').attributes('style')).toBe('inline-size: 75%;');
  });

  it('never fills past its ends; an empty total is an empty bar', async () => {
    const w = mount(ProgressBar, { props: { value: 7, max: 4, label: 'x', valueText: 'y' } });
    expect(w.get('.bar__fill').attributes('style')).toBe('inline-size: 100%;');
    await w.setProps({ value: 0, max: 0 });
    expect(w.get('.bar__fill').attributes('style')).toBe('inline-size: 0%;');
  });
});
