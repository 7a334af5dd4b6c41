// Small DOM helpers shared by the live examples (they render into their own shadow roots, without a framework).

type Child = Node | string | null | undefined | false;

/** An element with attributes (strings), properties (`on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value as EventListener);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A labelled range input whose label shows the current value; `onInput` gets the number. */
export function slider(options: {
  label: string;
  name: string;
  min: number;
  max: number;
  step: number;
  value: number;
  format?: (v: number) => string;
  onInput: (value: number) => void;
}): { element: HTMLLabelElement; input: HTMLInputElement } {
  const format = options.format ?? String;
  const shown = h('output', {}, format(options.value));
  const input = h('input', { type: 'range', name: options.name, min: options.min, max: options.max, step: options.step, value: options.value });
  input.addEventListener('input', () => {
    const value = Number(input.value);
    shown.textContent = format(value);
    options.onInput(value);
  });
  return { element: h('label', { class: 'control' }, h('span', {}, options.label, ' = ', shown), input), input };
}

/** A labelled <select>; `onChange` gets the chosen value. */
export function choice<T extends string>(options: {
  label: string;
  name: string;
  values: readonly T[];
  value: T;
  onChange: (value: T) => void;
}): HTMLLabelElement {
  const select = h('select', { name: options.name }, ...options.values.map((v) => h('option', { value: v, selected: v === options.value }, v)));
  select.addEventListener('change', () => options.onChange(select.value as T));
  return h('label', { class: 'control' }, h('span', {}, options.label), select);
}

/** A labelled integer input clamped to [min, max]. */
export function integerInput(options: {
  label: string;
  name: string;
  min: number;
  max: number;
  value: number;
  onChange: (value: number) => void;
}): { element: HTMLLabelElement; input: HTMLInputElement } {
  const input = h('input', { type: 'number', name: options.name, min: options.min, max: options.max, step: 1, value: options.value });
  input.addEventListener('change', () => {
    const value = Math.min(Number(input.max), Math.max(Number(input.min), Math.round(Number(input.value) || 0)));
    input.value = String(value);
    options.onChange(value);
  });
  return { element: h('label', { class: 'control small' }, h('span', {}, options.label), input), input };
}

/** Publishes an example's latest result on its host element for readers' tools and the browser tests. */
export function publishState(host: HTMLElement, state: unknown): void {
  host.dataset.state = JSON.stringify(state);
  host.dataset.updates = String(Number(host.dataset.updates ?? '0') + 1);
}

/** Formats a number for display: 4 significant digits, exponent form when tiny or huge. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}
