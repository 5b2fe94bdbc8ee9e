// @vitest-environment happy-dom
// The language radio group and the A–Z tabs: one Tab stop (roving tabindex); arrow keys, Home and
// End move and choose; right-to-left mirrors the left and right arrows.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import OptionButtons from '../../../renderer/components/OptionButtons.vue';

const OPTIONS = ['A', 'B', 'C', 'D'].map((v) => ({ value: v, label: v }));
let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.documentElement.dir = '';
});

function mountRow(kind: 'radio' | 'tab', start: string | null) {
  const value = ref<string | null>(start);
  const Host = defineComponent(
    () => () =>
      h(OptionButtons, {
        kind,
        options: OPTIONS,
        modelValue: value.value,
        ariaLabel: 'Letters',
        dataName: 'x',
        'onUpdate:modelValue': (v: string) => (value.value = v),
      }),
  );
  wrapper = mount(Host, { attachTo: document.body });
  return { w: wrapper, value };
}
const tabStops = (w: VueWrapper) => w.findAll('button').map((b) => b.attributes('tabindex'));
const focusedValue = () => (document.activeElement as HTMLElement | null)?.dataset.x;

describe('option buttons: keyboard', () => {
  it('has one Tab stop, the chosen button (the first when none is chosen)', () => {
    expect(tabStops(mountRow('radio', 'C').w)).toEqual(['-1', '-1', '0', '-1']);
    wrapper?.unmount();
    expect(tabStops(mountRow('tab', null).w)).toEqual(['0', '-1', '-1', '-1']);
  });

  it('arrows move and choose, wrapping round; Home and End jump', async () => {
    const { w, value } = mountRow('radio', 'A');
    const buttons = () => w.findAll('button');
    await buttons()[0]!.trigger('keydown', { key: 'ArrowRight' });
    expect([value.value, focusedValue()]).toEqual(['B', 'B']);
    expect(tabStops(w)).toEqual(['-1', '0', '-1', '-1']);
    await buttons()[1]!.trigger('keydown', { key: 'ArrowDown' });
    expect(value.value).toBe('C');
    await buttons()[2]!.trigger('keydown', { key: 'End' });
    expect([value.value, focusedValue()]).toEqual(['D', 'D']);
    await buttons()[3]!.trigger('keydown', { key: 'ArrowRight' });
    expect(value.value).toBe('A');
    await buttons()[0]!.trigger('keydown', { key: 'ArrowLeft' });
    expect(value.value).toBe('D');
    await buttons()[3]!.trigger('keydown', { key: 'Home' });
    expect([value.value, focusedValue()]).toEqual(['A', 'A']);
    await buttons()[0]!.trigger('keydown', { key: 'x' });
    expect(value.value).toBe('A');
  });

  it('right to left: the left arrow goes forward', async () => {
    document.documentElement.dir = 'rtl';
    const { w, value } = mountRow('tab', 'B');
    const row = w.find('[role="tablist"]').element as HTMLElement;
    row.style.direction = 'rtl'; // happy-dom does not inherit `dir` into computed style
    await w.findAll('button')[1]!.trigger('keydown', { key: 'ArrowLeft' });
    expect(value.value).toBe('C');
    await w.findAll('button')[2]!.trigger('keydown', { key: 'ArrowRight' });
    expect(value.value).toBe('B');
  });
});
