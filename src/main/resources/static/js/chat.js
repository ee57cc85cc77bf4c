// The chat page's keyboard and clipboard: Enter sends, Shift+Enter adds a line; Copy copies an answer's text;
// deleting a session asks first. Everything else is htmx and server-rendered HTML.
(function () {
  document.addEventListener('keydown', function (event) {
    var box = event.target;
    if (box.id !== 'chat-message' || event.key !== 'Enter' || event.shiftKey || event.isComposing) {
      return;
    }
    event.preventDefault();
    if (!box.disabled && box.value.trim() !== '' && box.form) {
      box.form.requestSubmit();
    }
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) {
      return;
    }
    var message = document.getElementById(button.getAttribute('data-copy'));
    var body = message && message.querySelector('.chat-body');
    if (body && navigator.clipboard) {
      navigator.clipboard.writeText(body.innerText).then(function () {
        button.setAttribute('aria-live', 'polite');
      });
    }
  });
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // After an answer ends, the box is back: put the cursor in it.
  document.body.addEventListener('htmx:oobAfterSwap', function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === 'composer') {
      var box = document.getElementById('chat-message');
      if (box && !box.disabled) {
        box.focus();
      }
    }
  });
})();
