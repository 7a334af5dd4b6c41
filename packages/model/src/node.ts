// Node-only entry: the file-system checkpoint handler (browsers use tf.io's indexeddb:// and localstorage://).
export { fileSystemHandler, MODEL_FILE, WEIGHTS_FILE } from './weights/fileSystemHandler';
