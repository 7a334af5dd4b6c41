// The live examples as custom elements (`<icnn-template-explorer>` …) that markdown pages use directly. Each
// renders into its own shadow root (so Vue's hydration of the page never meets it) and loads its code, with
// TensorFlow.js, only when it appears on a page.
type Mount = (root: ShadowRoot, host: HTMLElement) => () => void;

const EXAMPLES: Record<string, () => Promise<Mount>> = {
  'icnn-template-explorer': async () => (await import('./templateExplorer/mountTemplateExplorer')).mountTemplateExplorer,
  'icnn-mask-playground': async () => (await import('./maskPlayground/mountMaskPlayground')).mountMaskPlayground,
  'icnn-loss-figure': async () => (await import('./lossFigure/mountLossFigure')).mountLossFigure,
  'icnn-training-demo': async () => (await import('./training/mountTrainingDemo')).mountTrainingDemo,
};

function lazyExample(load: () => Promise<Mount>): CustomElementConstructor {
  return class extends HTMLElement {
    #unmount: (() => void) | undefined;
    #generation = 0;

    async connectedCallback() {
      const generation = ++this.#generation;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      try {
        const mount = await load();
        if (generation !== this.#generation || !this.isConnected) return;
        root.replaceChildren();
        this.#unmount = mount(root, this);
      } catch (error) {
        root.textContent = `This example failed to load: ${(error as Error).message}`;
        this.dataset.error = (error as Error).message;
      }
    }

    disconnectedCallback() {
      this.#generation++;
      this.#unmount?.();
      this.#unmount = undefined;
    }
  };
}

export function defineExamples(): void {
  for (const [tag, load] of Object.entries(EXAMPLES)) {
    if (!customElements.get(tag)) customElements.define(tag, lazyExample(load));
  }
}
