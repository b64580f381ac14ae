// One modal dialog for every confirmation and every form that changes something.
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';

/**
 * Shows a dialog; {@code fields}: [{name, label, type: 'text'|'textarea'|'select', options: [[value, label]], required}].
 * On OK calls {@code action(values)}; an ApiError it throws is shown in the dialog, which stays open.
 * Resolves with the action's result, or null when cancelled.
 */
export function ask({ title, message, fields = [], confirm, action }) {
  const dialog = document.getElementById('dialog');
  const form = document.getElementById('dialog-form');
  const error = document.getElementById('dialog-error');
  document.getElementById('dialog-title').textContent = title;
  document.getElementById('dialog-message').textContent = message || '';
  document.getElementById('dialog-ok').textContent = confirm;
  error.textContent = '';
  fill(document.getElementById('dialog-fields'), fields.map(field));

  return new Promise((resolve) => {
    const done = (result) => {
      form.removeEventListener('submit', submit);
      cancel.removeEventListener('click', cancelled);
      dialog.removeEventListener('cancel', cancelled);
      dialog.close();
      resolve(result);
    };
    const submit = async (event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      try {
        done(await action(values));
      } catch (e) {
        error.textContent = errorText(e);
      }
    };
    const cancelled = (event) => {
      event.preventDefault();
      done(null);
    };
    const cancel = document.getElementById('dialog-cancel');
    form.addEventListener('submit', submit);
    cancel.addEventListener('click', cancelled);
    dialog.addEventListener('cancel', cancelled);
    dialog.showModal();
  });
}

function field({ name, label, type = 'text', options = [], required = false }) {
  let input;
  if (type === 'textarea') input = h('textarea', { name, required, rows: 3 });
  else if (type === 'select') input = h('select', { name, required }, options.map(([value, text]) => h('option', { value }, text)));
  else input = h('input', { name, type, required });
  return h('label', {}, h('span', {}, label), input);
}

/** What went wrong, in the console's language where the API's code is known. */
export function errorText(e) {
  if (!(e instanceof ApiError)) return t('error.network');
  const known = {
    unauthenticated: 'error.unauthenticated', forbidden: 'error.forbidden', conflict: 'error.conflict',
    invalid: 'error.invalid', 'bad-credentials': 'error.bad-credentials', 'too-many-attempts': 'error.too-many-attempts',
    'not-found': 'error.not-found', 'storage-unavailable': 'error.storage-unavailable', 'not-leader': 'error.not-leader',
    'password-change-required': 'error.password-change-required',
  }[e.code];
  return known ? `${t(known)} (${e.message})` : e.message;
}
