// Resolving where weights live: a tf.io handler, or a URL that tf.io's routers know ('indexeddb://…',
// 'localstorage://…' in browsers). A handler may accept a manifest check that it runs after reading its manifest
// and before reading any weight bytes (the Node file-system handler does).
import * as tf from '@tensorflow/tfjs-core';

export type ManifestCheck = (specs: readonly tf.io.WeightsManifestEntry[], source: string) => void;

/** A handler that runs `check` on its manifest before it reads weight data. */
export interface CheckingLoadHandler extends tf.io.IOHandler {
  expectWeights(check: ManifestCheck): void;
  /** What load errors name (the file-system handler: its model.json). */
  readonly source?: string;
}

export type WeightsLocation = string | tf.io.IOHandler;

const NODE_HINT = "in Node, use fileSystemHandler(dir) from '@icnn/model/node'";

export function loadHandlerFor(op: string, location: WeightsLocation): tf.io.IOHandler {
  if (typeof location !== 'string') {
    if (location == null || typeof location.load !== 'function') throw new TypeError(`${op}: 'location' must be a URL or a tf.io handler with load()`);
    return location;
  }
  const handlers = tf.io.getLoadHandlers(location);
  if (handlers.length !== 1) throw new Error(`${op}: ${handlers.length} tf.io load handlers for '${location}' (${NODE_HINT})`);
  return handlers[0];
}

export function saveHandlerFor(op: string, location: WeightsLocation): tf.io.IOHandler {
  if (typeof location !== 'string') {
    if (location == null || typeof location.save !== 'function') throw new TypeError(`${op}: 'location' must be a URL or a tf.io handler with save()`);
    return location;
  }
  const handlers = tf.io.getSaveHandlers(location);
  if (handlers.length !== 1) throw new Error(`${op}: ${handlers.length} tf.io save handlers for '${location}' (${NODE_HINT})`);
  return handlers[0];
}

export function isCheckingHandler(handler: tf.io.IOHandler): handler is CheckingLoadHandler {
  return typeof (handler as Partial<CheckingLoadHandler>).expectWeights === 'function';
}
