// The controller's REST API. The session is the HttpOnly cookie that sign-in sets: no script on the
// page can read it, so the page itself holds no secret.

const signedOutListeners = [];

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.reason)) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code ? body.code : 'http-' + status;
    this.field = body ? body.field : undefined;
  }
}

export function onSignedOut(listener) {
  signedOutListeners.push(listener);
}

/** JSON in, JSON out (or a Blob for images); throws ApiError with the API's code on any failure. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && path !== '/api/session') signedOutListeners.forEach((listener) => listener());
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  const data = type.includes('json') ? await response.json() : await response.blob();
  if (!response.ok) throw new ApiError(response.status, type.includes('json') ? data : null);
  return data;
}

export const post = (path, body = {}) => api(path, { method: 'POST', body });

/** Every item of a paged list ({items, next}), following its cursor to the last page. */
export async function all(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
