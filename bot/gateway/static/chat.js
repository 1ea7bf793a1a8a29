/**
 * 小i助手 — the citizen's web chat widget (i深圳).
 *
 * Plain ES2020 module, no framework, no build step, nothing from other origins:
 * the gateway's CSP (`script-src 'self'; style-src 'self'; connect-src 'self'`)
 * must hold, so there is no inline script/style and no `on*=` attribute anywhere.
 *
 * Safety rule for the whole file: message content (bot or user) only ever goes
 * into the DOM through `textContent`. Links exist only when the bot itself lists
 * one as a button payload (see `linkFromPayload`); text is never linkified.
 *
 * API contract: shared/spec/chat_api.md; how this file uses it: docs/widget.md.
 */

/* ------------------------------------------------------------------ *
 * Constants
 * ------------------------------------------------------------------ */

const MAX_CHARS = 500;
const REQUEST_TIMEOUT_MS = 30000;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const STORAGE_PREFIX = 'ishenzhen.chat.';
const MODES = ['standard', 'senior'];
/** Messages close to the limit are announced once per step, not on every key press. */
const COUNTER_STEPS = [
  { at: 500, text: '已达到 500 字上限' },
  { at: 490, text: '还可以输入 10 字' },
  { at: 450, text: '还可以输入 50 字' },
];
/** Suggestions on a fresh conversation: senior users prefer pressing to typing. */
const WELCOME_TEXT = '您好！我是i深圳小i助手，可以帮您查办事指南、预约办理、反映问题。请直接输入您的问题，或者按下面的按钮。';
const WELCOME_BUTTONS = ['怎么办理居住证', '查询社保缴费', '提取住房公积金', '我要反映问题'];
const RATING_LABELS = ['很不满意', '不满意', '一般', '满意', '非常满意'];

/** Chinese fallbacks for when the gateway's error body has no readable message. */
const DEFAULT_ERRORS = {
  0: '网络连接失败，请检查网络后再试（也可拨打12345）。',
  400: '这条消息无法处理，请修改后再试。',
  401: '会话已失效，请刷新页面后再试。',
  403: '会话已失效，请刷新页面后再试。',
  413: '内容太长了，请缩短后再试。',
  429: '您发送得太快了，请稍后再试。',
  503: '小i助手暂时无法回答，请稍后再试（可拨打12345）。',
  timeout: '小i助手回复超时，请稍后再试（可拨打12345）。',
  other: '服务暂时不可用，请稍后再试（可拨打12345）。',
};

/* ------------------------------------------------------------------ *
 * Small helpers
 * ------------------------------------------------------------------ */

const $ = (id) => document.getElementById(id);
const root = document.documentElement;

const ui = {
  transcript: $('transcript'),
  typing: $('typing'),
  typingText: $('typing-text'),
  composer: $('composer'),
  input: $('chat-input'),
  send: $('send-button'),
  counter: $('char-counter'),
  counterLive: $('counter-live'),
  announcer: $('announcer'),
  modeToggle: $('mode-toggle'),
  handoff: $('handoff-button'),
  account: $('account'),
  loginForm: $('login-form'),
  personaSelect: $('persona-select'),
  personaDesc: $('persona-desc'),
  accountCurrent: $('account-current'),
  accountWho: $('account-who'),
  logout: $('logout-button'),
  clear: $('clear-button'),
  clearPanel: $('clear-confirm'),
  clearConfirm: $('clear-confirm-button'),
  clearCancel: $('clear-cancel-button'),
  end: $('end-button'),
  ratingPanel: $('rating-panel'),
  ratingOptions: $('rating-options'),
  ratingError: $('rating-error'),
  ratingComment: $('rating-comment'),
  ratingCancel: $('rating-cancel'),
  topbar: $('topbar'),
};

/**
 * Create an element with classes, attributes and plain text.
 * Text goes through textContent only — this is the one way content enters the DOM.
 */
function el(tag, { className = '', text = null, attrs = {} } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  return node;
}

/**
 * localStorage can throw (private mode, disabled storage, sandboxed frames);
 * the widget must still work, so fall back to memory for this page view.
 */
const storage = (() => {
  const memory = new Map();
  return {
    get(key) {
      try { return window.localStorage.getItem(STORAGE_PREFIX + key); } catch { return memory.get(key) ?? null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(STORAGE_PREFIX + key, value); } catch { memory.set(key, value); }
    },
    remove(key) {
      try { window.localStorage.removeItem(STORAGE_PREFIX + key); } catch { memory.delete(key); }
    },
  };
})();

/** Polite, focus-free announcement for screen readers (WCAG 4.1.3). */
function announce(text) {
  // Clearing first makes a repeated identical message be read again.
  ui.announcer.textContent = '';
  window.setTimeout(() => { ui.announcer.textContent = text; }, 50);
}

/* ------------------------------------------------------------------ *
 * State
 * ------------------------------------------------------------------ */

const state = {
  sessionId: '',
  mode: 'standard',
  busy: false,
  composing: false,
  blockedUntil: 0,
  persona: null,
  counterStep: null,
  embedded: new URLSearchParams(window.location.search).get('embed') === '1',
};

/* ------------------------------------------------------------------ *
 * Session id
 * ------------------------------------------------------------------ */

/**
 * A random v4 UUID. crypto.randomUUID exists only in secure contexts (https or
 * localhost), and the gateway may be reached over plain http on a LAN, so fall
 * back to getRandomValues (available everywhere) and, last, to Math.random.
 */
function makeSessionId() {
  const cryptoObj = window.crypto;
  if (cryptoObj && typeof cryptoObj.randomUUID === 'function') {
    try { return cryptoObj.randomUUID(); } catch { /* fall through */ }
  }
  const bytes = new Uint8Array(16);
  if (cryptoObj && typeof cryptoObj.getRandomValues === 'function') {
    cryptoObj.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Reuse the stored id (so history survives reloads) unless it is missing or malformed. */
function loadOrCreateSessionId() {
  const stored = storage.get('session');
  if (stored && SESSION_ID_PATTERN.test(stored)) return stored;
  return startNewSession();
}

function startNewSession() {
  const id = makeSessionId();
  storage.set('session', id);
  state.sessionId = id;
  return id;
}

/* ------------------------------------------------------------------ *
 * API
 * ------------------------------------------------------------------ */

/**
 * One fetch wrapper for every endpoint: same-origin credentials (the session
 * secret is an HttpOnly cookie), a timeout, and errors turned into a Chinese
 * sentence a citizen can read. Never throws.
 * @returns {Promise<{ok: boolean, status: number, data?: any, error?: string, retryAfter?: number}>}
 */
async function callApi(path, { method = 'GET', body = undefined } = {}) {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    const data = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, data };
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    return { ok: false, status: response.status, data, retryAfter, error: errorText(response.status, data, retryAfter) };
  } catch (err) {
    const timedOut = err && err.name === 'AbortError';
    return { ok: false, status: 0, error: timedOut ? DEFAULT_ERRORS.timeout : DEFAULT_ERRORS[0] };
  } finally {
    window.clearTimeout(timer);
  }
}

/** Retry-After may be seconds or an HTTP date; we only need "how many seconds". */
function parseRetryAfter(value) {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Prefer the gateway's own Chinese message; add the wait time for 429 when it is not already said. */
function errorText(status, data, retryAfter) {
  const serverMessage = data && data.error && typeof data.error.message === 'string' ? data.error.message.trim() : '';
  let text = serverMessage || DEFAULT_ERRORS[status] || DEFAULT_ERRORS.other;
  if (status === 429 && retryAfter > 0 && !/\d/.test(text)) text += `（请 ${retryAfter} 秒后再试）`;
  return text;
}

/* ------------------------------------------------------------------ *
 * Rendering the transcript
 * ------------------------------------------------------------------ */

/**
 * The speaker line: visible name plus a screen-reader-only "说：" so each message
 * reads as "小i助手说：…" / "我说：…" when a screen reader walks the log.
 */
function renderSpeaker(role) {
  const speaker = el('p', { className: 'msg__speaker', attrs: { 'data-testid': 'message-speaker' } });
  speaker.append(el('span', { text: role === 'user' ? '我' : '小i助手' }), el('span', { className: 'sr-only', text: '说：' }));
  return speaker;
}

/**
 * Only http(s) and tel: payloads become links, and only because the bot listed
 * them as buttons. Anything else (e.g. "/ask_fee") is sent back as a message.
 */
function linkFromPayload(payload) {
  if (typeof payload !== 'string') return null;
  const trimmed = payload.trim();
  if (/^tel:\+?[0-9-]{3,20}$/i.test(trimmed)) return { href: trimmed, external: false };
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'https:' || url.protocol === 'http:') return { href: url.href, external: true };
  } catch { /* not a URL: a normal payload */ }
  return null;
}

/** Quick replies: buttons send their payload; link payloads become plain links. */
function renderQuickReplies(buttons) {
  const group = el('div', { className: 'msg__replies', attrs: { role: 'group', 'aria-label': '可选回复' } });
  for (const button of buttons) {
    if (!button || typeof button.title !== 'string' || !button.title.trim()) continue;
    const payload = typeof button.payload === 'string' && button.payload.trim() ? button.payload : button.title;
    const link = linkFromPayload(payload);
    if (link) {
      const a = el('a', {
        className: 'btn btn--reply btn--link',
        text: button.title,
        attrs: { href: link.href, 'data-testid': 'quick-reply-link' },
      });
      if (link.external) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.append(el('span', { className: 'sr-only', text: '（在新窗口打开）' }));
      }
      group.append(a);
    } else {
      const b = el('button', {
        className: 'btn btn--reply',
        text: button.title,
        attrs: { type: 'button', 'data-testid': 'quick-reply', 'data-payload': payload },
      });
      group.append(b);
    }
  }
  return group.childElementCount > 0 ? group : null;
}

/**
 * Per-message tools: read aloud (hidden by CSS unless speech works) and the
 * one-vote 👍/👎 pair. Votes need a server message id, so local messages get none.
 */
function renderBotTools(messageId) {
  const tools = el('div', { className: 'msg__tools' });
  tools.append(el('button', {
    className: 'btn btn--tool msg__read',
    text: '朗读',
    attrs: { type: 'button', 'data-testid': 'read-aloud', 'data-action': 'read' },
  }));
  if (!messageId) return tools;

  const votes = el('div', { className: 'msg__votes', attrs: { role: 'group', 'aria-label': '这条回答有帮助吗？' } });
  for (const [value, icon, label] of [['up', '👍', '有帮助'], ['down', '👎', '没帮助']]) {
    const b = el('button', {
      className: 'btn btn--tool btn--vote',
      attrs: { type: 'button', 'aria-pressed': 'false', 'data-action': 'vote', 'data-vote': value, 'data-testid': `thumb-${value}` },
    });
    b.append(el('span', { className: 'btn__icon', text: icon, attrs: { 'aria-hidden': 'true' } }), el('span', { text: label }));
    votes.append(b);
  }
  votes.append(el('span', { className: 'msg__thanks', text: '感谢反馈', attrs: { 'data-testid': 'feedback-thanks', hidden: '' } }));
  tools.append(votes);
  const earlier = loadVotes()[messageId];
  if (earlier) markVoted(votes, earlier);
  return tools;
}

/**
 * One message element. `role` is "user" or "bot"; meta.kind drives styling
 * (emergency gets a text label too, so colour is never the only cue).
 */
function renderMessage({ role, text, buttons = [], meta = {}, id = null }) {
  const kind = role === 'bot' && meta && typeof meta.kind === 'string' ? meta.kind : '';
  const classes = ['msg', `msg--${role}`];
  if (kind) classes.push(`msg--kind-${kind}`);
  if (kind === 'emergency') classes.push('msg--emergency');
  const node = el('div', {
    className: classes.join(' '),
    attrs: { 'data-testid': 'message', 'data-role': role, 'data-kind': kind || null, 'data-message-id': id },
  });
  node.append(renderSpeaker(role));

  const bubble = el('div', { className: 'msg__bubble' });
  if (kind === 'emergency') bubble.append(el('p', { className: 'msg__alert', text: '紧急提示' }));
  if (typeof text === 'string' && text !== '') {
    bubble.append(el('p', { className: 'msg__text', text, attrs: { 'data-testid': 'message-text' } }));
  }
  node.append(bubble);

  if (role === 'bot') {
    const replies = Array.isArray(buttons) && buttons.length ? renderQuickReplies(buttons) : null;
    if (replies) node.append(replies);
    node.append(renderBotTools(id));
  }
  return node;
}

/** System notices (errors, confirmations) are part of the log, so they are announced. */
function appendNotice(text, { tone = 'info' } = {}) {
  const node = el('div', { className: `notice notice--${tone}`, attrs: { 'data-testid': 'system-notice' } });
  node.append(el('span', { className: 'notice__label', text: tone === 'error' ? '提示：' : '系统：' }), el('span', { text }));
  ui.transcript.append(node);
  scrollIntoViewIfNeeded(node);
  return node;
}

function appendMessage(message) {
  const node = renderMessage(message);
  ui.transcript.append(node);
  return node;
}

/** Show a fresh conversation's greeting; it is local, so it has no vote buttons. */
function showWelcome() {
  appendMessage({
    role: 'bot',
    text: WELCOME_TEXT,
    buttons: WELCOME_BUTTONS.map((title) => ({ title, payload: title })),
    meta: { kind: 'welcome' },
  });
}

/**
 * Old quick replies would restart finished steps, so once a newer turn exists
 * they are disabled. If the keyboard focus sat on one, it moves to the input
 * instead of being dropped on <body>.
 */
function retireQuickReplies() {
  const active = document.activeElement;
  let focusLost = false;
  for (const button of ui.transcript.querySelectorAll('button.btn--reply:not([disabled])')) {
    if (button === active) focusLost = true;
    button.disabled = true;
  }
  if (focusLost) ui.input.focus();
}

/** Move a new element into view without animation (no smooth scroll: reduced motion). */
function scrollIntoViewIfNeeded(node, block = 'end') {
  node.scrollIntoView({ block, inline: 'nearest', behavior: 'auto' });
}

/* ------------------------------------------------------------------ *
 * Busy state and sending
 * ------------------------------------------------------------------ */

/**
 * While waiting: a visible + announced "正在输入…" status and aria-busy on the log.
 * The send button is aria-disabled (not disabled) so it keeps keyboard focus.
 */
function setBusy(busy) {
  state.busy = busy;
  ui.transcript.setAttribute('aria-busy', String(busy));
  ui.typing.classList.toggle('is-active', busy);
  ui.typingText.textContent = busy ? '小i助手正在输入…' : '';
  ui.send.setAttribute('aria-disabled', String(busy));
}

/**
 * Send one message to /api/chat and render the reply.
 * @param {string} text what the server receives (a typed message or a button payload)
 * @param {string} shownText what the transcript shows as "我说："
 * @returns {Promise<boolean>} false when nothing was delivered (the caller keeps the user's input)
 */
async function sendMessage(text, shownText = text) {
  if (state.busy) {
    announce('请稍候，小i助手正在回复');
    return false;
  }
  const waitSeconds = Math.ceil((state.blockedUntil - Date.now()) / 1000);
  if (waitSeconds > 0) {
    appendNotice(`您发送得太快了，请 ${waitSeconds} 秒后再试。`, { tone: 'error' });
    return false;
  }

  const userNode = appendMessage({ role: 'user', text: shownText });
  scrollIntoViewIfNeeded(userNode);
  const modeSent = state.mode;
  setBusy(true);
  const result = await callApi('/api/chat', {
    method: 'POST',
    body: { session_id: state.sessionId, text, mode: state.mode },
  });
  setBusy(false);

  if (!result.ok) {
    // The message did not arrive: take it out of the log so history and screen match.
    userNode.remove();
    if (result.status === 429 && result.retryAfter) state.blockedUntil = Date.now() + result.retryAfter * 1000;
    appendNotice(result.error, { tone: 'error' });
    return false;
  }

  const data = result.data || {};
  if (typeof data.session_id === 'string' && SESSION_ID_PATTERN.test(data.session_id) && data.session_id !== state.sessionId) {
    state.sessionId = data.session_id;
    storage.set('session', data.session_id);
  }
  retireQuickReplies();
  const modeSwitch = renderBotReplies(Array.isArray(data.messages) ? data.messages : []);
  if (state.mode === modeSent) {
    // The server now knows the mode; adopt its answer unless the citizen toggled meanwhile.
    storage.remove('modeDirty');
    if (MODES.includes(data.mode)) adoptServerMode(data.mode);
    else if (modeSwitch) syncModeAfterSwitch(modeSwitch);
  }
  return true;
}

/**
 * Append the bot's messages and bring the first one into view so reading starts at its top.
 * @returns {object|null} the last "mode_switch" message, if any
 */
function renderBotReplies(messages) {
  let first = null;
  let modeSwitch = null;
  for (const message of messages) {
    if (!message || typeof message !== 'object') continue;
    const node = appendMessage({
      role: 'bot',
      text: typeof message.text === 'string' ? message.text : '',
      buttons: message.buttons,
      meta: message.meta || {},
      id: message.id ?? null,
    });
    first = first || node;
    if (message.meta && message.meta.kind === 'mode_switch') modeSwitch = message;
  }
  if (first) scrollIntoViewIfNeeded(first, 'start');
  return modeSwitch;
}

/** Send what is in the input; on failure put the text back so nothing typed is lost. */
async function sendFromInput() {
  const text = ui.input.value.trim();
  if (!text) {
    announce('请先输入您的问题');
    ui.input.focus();
    return;
  }
  if (state.busy) {
    announce('请稍候，小i助手正在回复');
    return;
  }
  ui.input.value = '';
  updateCounter();
  const delivered = await sendMessage(text);
  if (!delivered) restoreInput(text);
}

/** Put undelivered text back, keeping anything typed meanwhile after it. */
function restoreInput(text) {
  const typedMeanwhile = ui.input.value;
  ui.input.value = (typedMeanwhile ? `${text}\n${typedMeanwhile}` : text).slice(0, MAX_CHARS);
  updateCounter();
  announce('发送失败，您输入的内容已放回输入框');
}

/* ------------------------------------------------------------------ *
 * Input: IME-safe Enter, counter
 * ------------------------------------------------------------------ */

/**
 * Enter confirms a pinyin candidate in Chinese IMEs; that Enter must not send.
 * `isComposing` alone misses some IMEs (Safari reports keyCode 229 after
 * compositionend), so all three signals are checked — see rasa36_notes §3.7.
 */
function isImeEnter(event) {
  return event.isComposing || event.keyCode === 229 || state.composing;
}

function handleInputKeydown(event) {
  if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
  if (isImeEnter(event)) return;
  event.preventDefault();
  sendFromInput();
}

function handleCompositionStart() {
  state.composing = true;
}

/** Cleared one task later: some browsers fire the confirming keydown right after compositionend. */
function handleCompositionEnd() {
  window.setTimeout(() => { state.composing = false; }, 0);
}

/** Visible "已输入 n/500 字" plus a spoken note only when crossing 450/490/500. */
function updateCounter() {
  autoGrowInput();
  const count = ui.input.value.length;
  ui.counter.textContent = `已输入 ${count}/${MAX_CHARS} 字`;
  ui.counter.classList.toggle('is-near', count >= 450);
  const step = COUNTER_STEPS.find((s) => count >= s.at) || null;
  if (step && step !== state.counterStep) ui.counterLive.textContent = step.text;
  if (!step) ui.counterLive.textContent = '';
  state.counterStep = step;
}

const CAN_FIELD_SIZE = typeof CSS !== 'undefined' && CSS.supports && CSS.supports('field-sizing', 'content');

/** Grow the textarea with its text where CSS `field-sizing` is unsupported (CSSOM, allowed by the CSP). */
function autoGrowInput() {
  if (CAN_FIELD_SIZE) return;
  ui.input.style.height = 'auto';
  ui.input.style.height = `${ui.input.scrollHeight + 4}px`;
}

/* ------------------------------------------------------------------ *
 * Senior mode (长辈模式)
 * ------------------------------------------------------------------ */

/**
 * One switch for both modes: a class on <html> swaps CSS variables (sizes,
 * colours, motion); no other code path differs between the modes.
 */
function applyMode(mode, { persist = true } = {}) {
  const next = MODES.includes(mode) ? mode : 'standard';
  state.mode = next;
  root.classList.toggle('senior', next === 'senior');
  ui.modeToggle.setAttribute('aria-pressed', String(next === 'senior'));
  if (persist) storage.set('mode', next);
  if (next === 'senior') stopReading(); // rate changes with the mode; restart cleanly
}

/** A local toggle is "dirty" until a chat turn carries it to the server. */
function toggleMode() {
  const next = state.mode === 'senior' ? 'standard' : 'senior';
  applyMode(next);
  storage.set('modeDirty', '1');
  announce(next === 'senior' ? '已开启长辈模式，字和按钮都变大了' : '已关闭长辈模式');
}

/** Follow the conversation's mode (e.g. after the citizen said "切换长辈模式"). */
function adoptServerMode(mode) {
  if (!MODES.includes(mode) || mode === state.mode) return;
  applyMode(mode);
  announce(mode === 'senior' ? '已开启长辈模式' : '已关闭长辈模式');
}

/**
 * A bot "mode_switch" message means the conversation changed mode. The gateway
 * is authoritative: the chat reply's top-level `mode` is used when present
 * (see sendMessage); otherwise meta.mode, otherwise history's `mode`.
 */
async function syncModeAfterSwitch(message) {
  let mode = message.meta && MODES.includes(message.meta.mode) ? message.meta.mode : null;
  if (!mode) {
    const result = await callApi(`/api/history?session_id=${encodeURIComponent(state.sessionId)}`);
    if (result.ok && result.data && MODES.includes(result.data.mode)) mode = result.data.mode;
  }
  adoptServerMode(mode);
}

/* ------------------------------------------------------------------ *
 * Read aloud (Web Speech API)
 * ------------------------------------------------------------------ */

const speech = {
  supported: 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function',
  voice: null,
  button: null,
};

/**
 * Voices load asynchronously in Chrome; the buttons stay hidden (class
 * `tts-on` absent) until at least one voice exists, so nobody gets a button
 * that cannot speak. A Chinese voice is preferred when present.
 */
function refreshVoices() {
  const voices = window.speechSynthesis.getVoices() || [];
  root.classList.toggle('tts-on', voices.length > 0);
  speech.voice = voices.find((v) => /^zh[-_]CN/i.test(v.lang))
    || voices.find((v) => /^zh/i.test(v.lang))
    || null;
}

function initSpeech() {
  if (!speech.supported) return;
  refreshVoices();
  window.speechSynthesis.addEventListener('voiceschanged', refreshVoices);
}

/** What a bot message says: its text, then its choices, so a listener hears the options too. */
function speakableText(messageNode) {
  const parts = [];
  const alert = messageNode.querySelector('.msg__alert');
  if (alert) parts.push(alert.textContent);
  const text = messageNode.querySelector('.msg__text');
  if (text) parts.push(text.textContent);
  const replies = [...messageNode.querySelectorAll('.btn--reply')].map((b) => b.firstChild ? b.firstChild.textContent : b.textContent);
  if (replies.length) parts.push(`您可以选择：${replies.join('，')}`);
  return parts.join('。');
}

function setReadButton(button, speaking) {
  button.textContent = speaking ? '停止朗读' : '朗读';
  button.classList.toggle('is-speaking', speaking);
}

function stopReading() {
  if (!speech.supported) return;
  window.speechSynthesis.cancel();
  if (speech.button) setReadButton(speech.button, false);
  speech.button = null;
}

/** Pressing 朗读 again (now "停止朗读") stops; pressing another message's button switches. */
function toggleReadAloud(button) {
  if (!speech.supported) return;
  const wasThis = speech.button === button;
  stopReading();
  if (wasThis) return;
  const utterance = new window.SpeechSynthesisUtterance(speakableText(button.closest('.msg')));
  utterance.lang = 'zh-CN';
  if (speech.voice) utterance.voice = speech.voice;
  utterance.rate = state.mode === 'senior' ? 0.85 : 1;
  const done = () => {
    if (speech.button === button) {
      setReadButton(button, false);
      speech.button = null;
    }
  };
  utterance.addEventListener('end', done);
  utterance.addEventListener('error', done);
  speech.button = button;
  setReadButton(button, true);
  window.speechSynthesis.speak(utterance);
}

/* ------------------------------------------------------------------ *
 * Feedback 👍/👎
 * ------------------------------------------------------------------ */

/** Votes are remembered per session so a reload still shows "you voted". */
function loadVotes() {
  try { return JSON.parse(storage.get(`votes.${state.sessionId}`) || '{}') || {}; } catch { return {}; }
}

function saveVote(messageId, value) {
  const votes = loadVotes();
  votes[messageId] = value;
  storage.set(`votes.${state.sessionId}`, JSON.stringify(votes));
}

/**
 * One vote per message. Buttons become aria-disabled rather than disabled so a
 * keyboard user's focus stays on the button just pressed.
 */
function markVoted(votesGroup, value) {
  for (const b of votesGroup.querySelectorAll('.btn--vote')) {
    b.setAttribute('aria-pressed', String(b.dataset.vote === value));
    b.setAttribute('aria-disabled', 'true');
  }
  votesGroup.querySelector('.msg__thanks').hidden = false;
}

/** Ids round-trip through a data attribute; the gateway's are integers, so give them back as numbers. */
function messageIdOf(messageNode) {
  const raw = messageNode.dataset.messageId || '';
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

async function vote(button) {
  if (button.getAttribute('aria-disabled') === 'true') return;
  const group = button.closest('.msg__votes');
  const messageId = messageIdOf(button.closest('.msg'));
  const value = button.dataset.vote;
  markVoted(group, value);
  const result = await callApi('/api/feedback', {
    method: 'POST',
    body: { session_id: state.sessionId, message_id: messageId, value },
  });
  if (result.ok) {
    saveVote(messageId, value);
    return;
  }
  for (const b of group.querySelectorAll('.btn--vote')) {
    b.setAttribute('aria-pressed', 'false');
    b.removeAttribute('aria-disabled');
  }
  group.querySelector('.msg__thanks').hidden = true;
  appendNotice(`反馈没有提交成功：${result.error}`, { tone: 'error' });
}

/* ------------------------------------------------------------------ *
 * Transcript clicks (event delegation: messages are created dynamically)
 * ------------------------------------------------------------------ */

function handleTranscriptClick(event) {
  const button = event.target.closest('button');
  if (!button || !ui.transcript.contains(button) || button.disabled) return;
  if (button.classList.contains('btn--reply')) {
    pressQuickReply(button);
  } else if (button.dataset.action === 'vote') {
    vote(button);
  } else if (button.dataset.action === 'read') {
    toggleReadAloud(button);
  }
}

/** The title is what the citizen "said"; the payload is what the bot receives. */
async function pressQuickReply(button) {
  await sendMessage(button.dataset.payload || button.textContent, button.textContent);
}

/* ------------------------------------------------------------------ *
 * History
 * ------------------------------------------------------------------ */

/**
 * Rebuild the conversation after a reload. The log is silenced (aria-live off)
 * while old messages are inserted, so a screen reader does not read the whole
 * history aloud; one short summary is announced instead.
 */
async function restoreHistory() {
  ui.transcript.setAttribute('aria-live', 'off');
  const result = await callApi(`/api/history?session_id=${encodeURIComponent(state.sessionId)}`);
  let count = 0;
  // The local greeting always opens the log, so a reloaded conversation looks as it did.
  showWelcome();
  if (result.ok && result.data) {
    count = renderHistory(result.data);
  } else if (result.status === 401 || result.status === 403) {
    // This browser no longer holds the session's secret: start a new conversation.
    startNewSession();
  }
  requestAnimationFrame(() => {
    ui.transcript.setAttribute('aria-live', 'polite');
    if (count > 0) announce(`已恢复 ${count} 条聊天记录`);
  });
  const last = ui.transcript.lastElementChild;
  if (last) scrollIntoViewIfNeeded(last);
}

/** @returns {number} how many messages were restored */
function renderHistory(data) {
  const messages = Array.isArray(data.messages) ? data.messages : [];
  for (const message of messages) {
    if (!message || (message.role !== 'user' && message.role !== 'bot')) continue;
    appendMessage({
      role: message.role,
      text: typeof message.text === 'string' ? message.text : '',
      buttons: message.role === 'bot' ? message.buttons : [],
      meta: message.meta || {},
      id: message.id ?? null,
    });
  }
  disableRepliesBeforeLastUserTurn();
  // Local, not yet sent toggles win; otherwise the gateway's mode is authoritative —
  // but only for a conversation that exists (an empty one just reports a default).
  if (messages.length > 0 && MODES.includes(data.mode) && storage.get('modeDirty') !== '1') applyMode(data.mode);
  showPersona(data.persona || null);
  return messages.length;
}

/** Only the latest bot turn keeps live quick replies after a restore. */
function disableRepliesBeforeLastUserTurn() {
  const users = ui.transcript.querySelectorAll('.msg--user');
  const lastUser = users[users.length - 1];
  if (!lastUser) return;
  for (const button of ui.transcript.querySelectorAll('button.btn--reply')) {
    if (lastUser.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_PRECEDING) button.disabled = true;
  }
}

/* ------------------------------------------------------------------ *
 * Clear conversation (清除记录) with an inline, keyboard-friendly confirm
 * ------------------------------------------------------------------ */

function openClearConfirm() {
  closeRating(false);
  ui.clearPanel.hidden = false;
  ui.clear.setAttribute('aria-expanded', 'true');
  scrollIntoViewIfNeeded(ui.clearPanel);
  // Focus the safe choice first: two quick Enters must not erase anything.
  ui.clearCancel.focus();
}

function closeClearConfirm(returnFocus = true) {
  if (ui.clearPanel.hidden) return;
  ui.clearPanel.hidden = true;
  ui.clear.setAttribute('aria-expanded', 'false');
  if (returnFocus) ui.clear.focus();
}

/** The server forgets the session first; only then does the widget start a new one. */
async function confirmClear() {
  const oldId = state.sessionId;
  const result = await callApi('/api/reset', { method: 'POST', body: { session_id: oldId } });
  if (!result.ok) {
    closeClearConfirm();
    appendNotice(`清除没有成功：${result.error}`, { tone: 'error' });
    return;
  }
  stopReading();
  storage.remove(`votes.${oldId}`);
  startNewSession();
  storage.set('modeDirty', '1'); // the new session has not been told the mode yet
  ui.transcript.replaceChildren();
  showPersona(null);
  closeClearConfirm(false);
  showWelcome();
  announce('聊天记录已清除，可以开始新的对话');
  ui.input.focus();
}

/* ------------------------------------------------------------------ *
 * Satisfaction rating (结束对话)
 * ------------------------------------------------------------------ */

/** Native radios: arrow keys move within the group, Space selects, Tab leaves. */
function renderRatingOptions() {
  RATING_LABELS.forEach((label, index) => {
    const score = index + 1;
    const option = el('label', { className: 'rating__option', attrs: { 'data-testid': `rating-option-${score}` } });
    const input = el('input', {
      className: 'rating__input',
      attrs: { type: 'radio', name: 'score', value: score, 'data-testid': `rating-${score}` },
    });
    option.append(input, el('span', { className: 'rating__score', text: `${score} 分` }), el('span', { className: 'rating__label', text: label }));
    ui.ratingOptions.append(option);
  });
}

function openRating() {
  closeClearConfirm(false);
  ui.ratingPanel.hidden = false;
  ui.end.setAttribute('aria-expanded', 'true');
  showRatingError('');
  scrollIntoViewIfNeeded(ui.ratingPanel);
  ui.ratingPanel.querySelector('.rating__input').focus();
}

function closeRating(returnFocus = true) {
  if (ui.ratingPanel.hidden) return;
  ui.ratingPanel.hidden = true;
  ui.end.setAttribute('aria-expanded', 'false');
  if (returnFocus) ui.end.focus();
}

function showRatingError(text) {
  ui.ratingError.textContent = text;
  ui.ratingError.hidden = !text;
}

async function submitRating(event) {
  event.preventDefault();
  const checked = ui.ratingPanel.querySelector('.rating__input:checked');
  if (!checked) {
    showRatingError('请先选择 1 到 5 分。');
    ui.ratingPanel.querySelector('.rating__input').focus();
    return;
  }
  const comment = ui.ratingComment.value.trim();
  const body = { session_id: state.sessionId, score: Number(checked.value) };
  if (comment) body.comment = comment;
  const result = await callApi('/api/rating', { method: 'POST', body });
  if (!result.ok) {
    showRatingError(`评价没有提交成功：${result.error}`);
    return;
  }
  ui.ratingPanel.reset();
  closeRating(false);
  appendNotice('感谢您的评价！如果还有问题，可以继续输入。');
  ui.input.focus();
}

/* ------------------------------------------------------------------ *
 * Demo login (演示身份)
 * ------------------------------------------------------------------ */

/** The login area appears only when the gateway offers personas. */
async function loadPersonas() {
  const result = await callApi('/api/personas');
  const personas = result.ok && result.data && Array.isArray(result.data.personas) ? result.data.personas : [];
  ui.personaSelect.replaceChildren();
  for (const persona of personas) {
    if (!persona || !persona.id) continue;
    const option = el('option', { text: persona.name || persona.id, attrs: { value: persona.id } });
    option.dataset.description = persona.description || '';
    ui.personaSelect.append(option);
  }
  ui.account.hidden = ui.personaSelect.options.length === 0 && !state.persona;
  showPersonaDescription();
}

function showPersonaDescription() {
  const option = ui.personaSelect.selectedOptions[0];
  ui.personaDesc.textContent = option && option.dataset.description ? option.dataset.description : '';
}

/** Either the picker or "当前身份：…" with a logout button is shown, never both. */
function showPersona(persona) {
  state.persona = persona && typeof persona === 'object' ? persona : null;
  const loggedIn = Boolean(state.persona);
  ui.loginForm.hidden = loggedIn;
  ui.accountCurrent.hidden = !loggedIn;
  ui.accountWho.textContent = loggedIn ? `当前身份：${state.persona.name || state.persona.id}（演示）` : '';
  if (loggedIn) ui.account.hidden = false;
}

async function login(event) {
  event.preventDefault();
  const personaId = ui.personaSelect.value;
  if (!personaId) return;
  const result = await callApi('/api/login', { method: 'POST', body: { session_id: state.sessionId, persona_id: personaId } });
  if (!result.ok) {
    appendNotice(`登录没有成功：${result.error}`, { tone: 'error' });
    return;
  }
  const persona = (result.data && result.data.persona) || { id: personaId, name: ui.personaSelect.selectedOptions[0].textContent };
  showPersona(persona);
  announce(`已以演示身份“${persona.name || persona.id}”登录`);
  ui.logout.focus(); // the login button just disappeared; keep focus in this area
}

async function logout() {
  const result = await callApi('/api/logout', { method: 'POST', body: { session_id: state.sessionId } });
  if (!result.ok) {
    appendNotice(`退出没有成功：${result.error}`, { tone: 'error' });
    return;
  }
  showPersona(null);
  announce('已退出演示身份');
  ui.personaSelect.focus();
}

/* ------------------------------------------------------------------ *
 * Keyboard: Esc closes the innermost open thing
 * ------------------------------------------------------------------ */

function handleEscape(event) {
  if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
  if (!ui.clearPanel.hidden) {
    closeClearConfirm();
  } else if (!ui.ratingPanel.hidden) {
    closeRating();
  } else if (speech.button) {
    stopReading();
  } else if (state.embedded && window.parent !== window) {
    // The embed script owns the panel; it checks that this message came from its iframe.
    window.parent.postMessage({ type: 'ishenzhen-chat:close' }, '*');
  } else {
    return;
  }
  event.preventDefault();
}

/**
 * Messages from the embedding page (embed.js): "focus" after it opens the panel
 * (autofocus is blocked in cross-origin frames), "closed" when it hides it.
 */
function handleParentMessage(event) {
  if (!state.embedded || event.source !== window.parent || !event.data) return;
  if (event.data.type === 'ishenzhen-chat:focus') ui.input.focus();
  if (event.data.type === 'ishenzhen-chat:closed') stopReading();
}

/* ------------------------------------------------------------------ *
 * Layout: keep focused items clear of the sticky bars (WCAG 2.4.11)
 * ------------------------------------------------------------------ */

/** Publish the sticky bars' heights as CSS variables used by scroll-padding. */
function trackStickyHeights() {
  if (typeof ResizeObserver !== 'function') return;
  const observer = new ResizeObserver(() => {
    root.style.setProperty('--topbar-h', `${Math.ceil(ui.topbar.getBoundingClientRect().height)}px`);
    root.style.setProperty('--composer-h', `${Math.ceil(ui.composer.getBoundingClientRect().height)}px`);
  });
  observer.observe(ui.topbar);
  observer.observe(ui.composer);
}

/* ------------------------------------------------------------------ *
 * Start-up
 * ------------------------------------------------------------------ */

function bindEvents() {
  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFromInput().then(() => {
      if (document.activeElement === ui.send || document.activeElement === document.body) ui.input.focus();
    });
  });
  ui.input.addEventListener('keydown', handleInputKeydown);
  ui.input.addEventListener('compositionstart', handleCompositionStart);
  ui.input.addEventListener('compositionend', handleCompositionEnd);
  ui.input.addEventListener('input', updateCounter);
  ui.transcript.addEventListener('click', handleTranscriptClick);
  ui.modeToggle.addEventListener('click', toggleMode);
  ui.handoff.addEventListener('click', () => sendMessage('转人工'));
  ui.clear.addEventListener('click', () => (ui.clearPanel.hidden ? openClearConfirm() : closeClearConfirm()));
  ui.clearCancel.addEventListener('click', () => closeClearConfirm());
  ui.clearConfirm.addEventListener('click', confirmClear);
  ui.end.addEventListener('click', () => (ui.ratingPanel.hidden ? openRating() : closeRating()));
  ui.ratingPanel.addEventListener('submit', submitRating);
  ui.ratingCancel.addEventListener('click', () => closeRating());
  ui.loginForm.addEventListener('submit', login);
  ui.personaSelect.addEventListener('change', showPersonaDescription);
  ui.logout.addEventListener('click', logout);
  document.addEventListener('keydown', handleEscape);
  window.addEventListener('message', handleParentMessage);
}

async function start() {
  root.classList.add('js');
  root.classList.toggle('embedded', state.embedded);
  state.sessionId = loadOrCreateSessionId();
  applyMode(storage.get('mode') || 'standard', { persist: false });
  renderRatingOptions();
  bindEvents();
  initSpeech();
  trackStickyHeights();
  updateCounter();
  await restoreHistory();
  await loadPersonas();
  root.dataset.chatReady = 'true'; // lets browser tests wait for history + personas
  if (state.embedded && window.parent !== window) window.parent.postMessage({ type: 'ishenzhen-chat:ready' }, '*');
}

start();
