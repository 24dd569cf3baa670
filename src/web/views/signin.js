import { session } from '../api.js';
import { fill, h, uid } from '../dom.js';
import { showError } from '../ui.js';

/**
 * The sign-in form: the key is checked against the API (`check`, GET /me) before it is
 * kept for this tab.
 */
export function renderSignIn({ notice, check, onSignedIn }) {
  const id = uid('apikey');
  const status = h('div', { 'aria-live': 'polite' });
  const input = h('input', {
    id,
    name: 'apiKey',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': `${id}-hint`,
  });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'signin',
      'aria-labelledby': 'signin-title',
      onsubmit: async (e) => {
        e.preventDefault();
        const key = input.value.trim();
        if (!key) {
          fill(status, h('p', { class: 'notice error', role: 'alert' }, 'Enter your API key.'));
          input.focus();
          return;
        }
        button.disabled = true;
        fill(status, h('p', { role: 'status' }, 'Checking the key…'));
        try {
          // GET /me answers any valid key with its name and role, and changes nothing.
          await check(key);
          session.set(key);
          input.value = '';
          onSignedIn();
        } catch (err) {
          if (err.status === 401) {
            fill(status, h('p', { class: 'notice error', role: 'alert' }, `That key was not accepted. ${err.detail ?? ''}`));
            input.focus();
          } else showError(status, err, { context: 'Could not sign in' });
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
    notice ? h('p', { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, notice.text) : null,
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, 'API key'),
      input,
      h(
        'p',
        { class: 'hint', id: `${id}-hint` },
        'The key is kept only in this browser tab and is forgotten when you close it or sign out.',
      ),
    ),
    button,
    status,
  );
  return h('div', { class: 'signin-wrap' }, form);
}
