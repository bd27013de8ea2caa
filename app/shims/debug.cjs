/* global module */
'use strict';

/**
 * The `debug` module for the browser build: every logger is off and does nothing. The real one
 * is called for every packet by mqtt-packet's parser and by mqtt.js, and only ever prints when a
 * developer sets `localStorage.debug`; the Node tools keep the real one.
 */
function debug() {
  const log = function () {};
  log.enabled = false;
  log.extend = () => log;
  log.destroy = () => {};
  return log;
}
debug.enable = () => {};
debug.disable = () => '';
debug.enabled = () => false;
debug.debug = debug;
debug.default = debug;
module.exports = debug;
