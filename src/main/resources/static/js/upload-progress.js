// Upload progress for forms with a <progress data-upload-progress>: htmx reports the bytes sent
// (htmx:xhr:progress). Without JavaScript the form posts normally and the browser shows its own progress.
(function () {
  document.addEventListener('htmx:xhr:progress', function (event) {
    var form = event.target.closest ? event.target.closest('form') : null;
    var bar = form ? form.querySelector('progress[data-upload-progress]') : null;
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
    }
  });

  // Once the server has answered (an error, or the form with its field errors), the bar has nothing left to show.
  document.addEventListener('htmx:afterRequest', function (event) {
    var form = event.target.closest ? event.target.closest('form') : null;
    var bar = form ? form.querySelector('progress[data-upload-progress]') : null;
    if (bar) {
      bar.hidden = true;
      bar.value = 0;
    }
  });
})();
