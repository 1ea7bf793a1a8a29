/**
 * 小i助手 embed snippet, served by the gateway as /widget.js.
 *
 *   <script src="http://HOST:8000/widget.js" defer></script>
 *
 * adds a floating "在线咨询" button (bottom-right) that opens the full chat page
 * (same origin as this script, "/?embed=1") in an iframe panel with a close
 * button. Esc closes it (also from inside the iframe, via postMessage) and
 * focus goes back to the button.
 *
 * No dependencies. Everything lives in a shadow root so the host page's CSS
 * cannot break the widget and ours cannot leak out; styles are a constructable
 * stylesheet (not subject to the host's style-src CSP), with a <style> fallback.
 */
(() => {
  'use strict';

  if (window.__ishenzhenChatEmbed) return; // included twice: keep one button
  window.__ishenzhenChatEmbed = true;

  const MESSAGE_PREFIX = 'ishenzhen-chat:';

  /** The chat lives on the script's own origin, not the host page's. */
  function scriptOrigin() {
    const script = document.currentScript
      || Array.from(document.scripts).find((s) => /\/widget\.js(?:[?#]|$)/.test(s.src));
    return new URL(script ? script.src : '/widget.js', window.location.href).origin;
  }

  const ORIGIN = scriptOrigin();
  const CHAT_URL = `${ORIGIN}/?embed=1`;

  /* px, not rem: the host page may have changed its root font size. */
  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    .launcher, .close {
      font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
      font-weight: 700;
      cursor: pointer;
    }
    .launcher {
      position: fixed;
      right: 20px;
      bottom: 20px;
      z-index: 2147483000;
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-width: 60px;
      min-height: 60px;
      padding: 0 22px;
      border: 2px solid #ffffff;
      border-radius: 30px;
      background: #0b57a4;
      color: #ffffff;
      font-size: 18px;
      line-height: 1.2;
      box-shadow: 0 2px 10px rgba(0, 0, 0, 0.35);
    }
    .launcher:hover { text-decoration: underline; }
    .launcher-icon { width: 24px; height: 24px; flex: none; }
    .panel {
      position: fixed;
      right: 20px;
      bottom: 92px;
      z-index: 2147483001;
      display: flex;
      flex-direction: column;
      width: min(440px, calc(100vw - 40px));
      height: min(720px, calc(100vh - 112px));
      border: 1px solid #5f6b7a;
      border-radius: 12px;
      background: #ffffff;
      box-shadow: 0 6px 24px rgba(0, 0, 0, 0.3);
      overflow: hidden;
    }
    .bar {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 8px 8px 8px 16px;
      background: #0b57a4;
      color: #ffffff;
    }
    .title {
      margin: 0;
      font: 700 18px/1.3 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
    }
    .close {
      min-width: 48px;
      min-height: 48px;
      padding: 0 12px;
      border: 2px solid #ffffff;
      border-radius: 8px;
      background: transparent;
      color: #ffffff;
      font-size: 16px;
    }
    .close:hover { text-decoration: underline; }
    .launcher:focus-visible, .close:focus-visible {
      outline: 3px solid #000000;
      outline-offset: 3px;
      box-shadow: 0 0 0 3px #ffdd00;
    }
    iframe { flex: 1 1 auto; width: 100%; border: 0; background: #ffffff; }
    /* Phones: the panel takes the whole screen; close stays top-right (MIIT 2.4). */
    @media (max-width: 480px), (max-height: 520px) {
      .panel { inset: 0; width: 100%; height: 100%; border: 0; border-radius: 0; }
    }
  `;

  function el(tag, attrs = {}, text = '') {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function applyStyles(shadow) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(el('style', {}, CSS));
    }
  }

  /** A speech-bubble icon drawn with DOM calls (no innerHTML, no external file). */
  function launcherIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'launcher-icon');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
  }

  function build() {
    const host = el('div', { id: 'ishenzhen-chat-widget', 'data-testid': 'embed-host' });
    const shadow = host.attachShadow({ mode: 'open' });
    applyStyles(shadow);

    const launcher = el('button', {
      type: 'button',
      class: 'launcher',
      'aria-expanded': 'false',
      'aria-controls': 'ishenzhen-chat-panel',
      'aria-haspopup': 'dialog',
      'data-testid': 'embed-launcher',
    });
    launcher.append(launcherIcon(), el('span', {}, '在线咨询'));

    const panel = el('div', {
      id: 'ishenzhen-chat-panel',
      class: 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'ishenzhen-chat-title',
      'data-testid': 'embed-panel',
      hidden: '',
    });
    const bar = el('div', { class: 'bar' });
    const title = el('h2', { id: 'ishenzhen-chat-title', class: 'title' }, '在线咨询 · 小i助手');
    const close = el('button', { type: 'button', class: 'close', 'data-testid': 'embed-close' }, '关闭 ✕');
    close.setAttribute('aria-label', '关闭在线咨询');
    bar.append(title, close);
    // The iframe gets its src on first open, so a page that never opens chat costs nothing.
    const frame = el('iframe', { title: '小i助手在线咨询', 'data-testid': 'embed-iframe' });
    panel.append(bar, frame);
    shadow.append(launcher, panel);
    document.body.append(host);
    return { launcher, panel, close, frame };
  }

  function init() {
    const { launcher, panel, close, frame } = build();
    let chatReady = false;

    /** Cross-origin frames cannot autofocus, so the page inside is asked to focus its input. */
    function focusChat() {
      frame.focus();
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: `${MESSAGE_PREFIX}focus` }, ORIGIN);
    }

    function open() {
      if (!frame.getAttribute('src')) frame.setAttribute('src', CHAT_URL);
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      if (chatReady) focusChat();
      else close.focus(); // until the chat has loaded; then focus moves into it
    }

    function hide() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: `${MESSAGE_PREFIX}closed` }, ORIGIN);
      launcher.focus();
    }

    launcher.addEventListener('click', () => (panel.hidden ? open() : hide()));
    close.addEventListener('click', hide);
    // Esc while focus is on our close button (inside the iframe, the chat page posts "close").
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        hide();
      }
    });

    /** Only messages from our own iframe, on our own origin, are obeyed. */
    window.addEventListener('message', (event) => {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
      const type = event.data && event.data.type;
      if (type === `${MESSAGE_PREFIX}close`) {
        hide();
      } else if (type === `${MESSAGE_PREFIX}ready`) {
        chatReady = true;
        const root = panel.getRootNode();
        if (!panel.hidden && root.activeElement === close) focusChat();
      }
    });
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init, { once: true });
})();
