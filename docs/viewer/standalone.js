/* docs/index.html only: a page opened as a file cannot fetch the diagram sources; say how to serve it instead. */
(function () {
  'use strict';
  if (window.location.protocol === 'file:') {
    document.getElementById('file-notice').hidden = false;
  }
}());
