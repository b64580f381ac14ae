// Two dictionaries (i18n/en.json, i18n/id.json) with the same keys; the choice is remembered.

const STORED = 'jaga.language';
export const LANGUAGES = ['id', 'en'];
let dictionary = {};
let current = 'en';
const listeners = [];

export function language() {
  return current;
}

/** The remembered language, else the browser's if it is one of ours, else Bahasa Indonesia. */
export function preferredLanguage() {
  const stored = localStorage.getItem(STORED);
  if (LANGUAGES.includes(stored)) return stored;
  const browser = (navigator.language || '').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'id';
}

export async function useLanguage(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  dictionary = await response.json();
  current = lang;
  localStorage.setItem(STORED, lang);
  document.documentElement.lang = lang;
  translate(document);
  document.querySelectorAll('.lang-select').forEach((select) => { select.value = lang; });
  listeners.forEach((listener) => listener(lang));
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** The text for {@code key}, with {name} placeholders filled from {@code params}. */
export function t(key, params = {}) {
  const text = dictionary[key];
  if (text === undefined) {
    console.warn('no translation for', key);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params[name] === undefined ? whole : String(params[name])));
}

/** Fills the static labels: data-i18n (text), data-i18n-title, data-i18n-placeholder, data-i18n-aria-label. */
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel)));
}
