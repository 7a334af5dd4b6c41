// Lets the page handle input and paint between steps of a long computation. tfjs-wasm's `await t.data()` resolves
// in a microtask, so a training loop that only awaits reads never returns to the event loop: the Stop button could
// not be pressed. A message-channel task runs soon (unlike setTimeout, it is not clamped to 4 ms or more after
// nesting, and unlike requestAnimationFrame, it keeps running in a background tab).
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    if (channel === null) {
      setTimeout(resolve, 0);
      return;
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
