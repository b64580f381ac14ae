// Live changes from the controller's event stream, GET /api/events (server-sent events, sent with
// the session cookie). The browser reconnects by itself; should the stream be refused outright,
// the console polls the REST API instead.

const POLL_MS = 5000;
const TYPES = ['reading', 'alarm', 'door', 'failover', 'security'];

/**
 * Calls {@code onEvent(type, data)} for each event, and {@code onEvent('resync')} whenever the
 * state should be read again in full (each (re)connection, each poll); {@code onMode} is told
 * 'live', 'reconnecting' or 'polling'. Returns a function that stops it.
 */
export function follow(onEvent, onMode) {
  const source = new EventSource('/api/events');
  let poller = null;
  TYPES.forEach((type) => source.addEventListener(type, (e) => onEvent(type, JSON.parse(e.data))));
  source.onopen = () => {
    clearInterval(poller);
    poller = null;
    onMode('live');
    onEvent('resync'); // what changed while we were not listening, e.g. alarms cleared meanwhile
  };
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) {
      onMode('reconnecting');
    } else if (!poller) {
      onMode('polling');
      poller = setInterval(() => onEvent('resync'), POLL_MS);
    }
  };
  return () => {
    source.close();
    clearInterval(poller);
  };
}
