/*
 * The architecture viewer: renders the Mermaid sources of docs/architecture/*.mmd into every element with a
 * data-diagram attribute, makes nodes clickable and, in the portal, shows live status badges on them.
 *
 * Used twice, unchanged: by the portal's /architecture page and by docs/index.html. The container says where the
 * sources are (data-diagrams), where a node's link goes (data-links: "portal" = its page, "docs" = its section of
 * architecture.md) and where the docs are (data-docs).
 *
 * Works under the portal's Content-Security-Policy (script-src 'self'; style-src 'self'): Mermaid's output carries a
 * <style> element and style attributes, which the policy refuses in markup. The SVG is therefore parsed off-document,
 * its styles moved into a constructed stylesheet and the CSSOM (which the policy allows), and only then inserted.
 */
(function () {
  'use strict';

  var viewer = document.querySelector('[data-architecture-viewer]');
  if (!viewer || typeof window.mermaid === 'undefined') {
    return;
  }
  var diagramsBase = viewer.getAttribute('data-diagrams');
  var linkMode = viewer.getAttribute('data-links') || 'docs';
  var docsBase = viewer.hasAttribute('data-docs') ? viewer.getAttribute('data-docs') : 'architecture.md';
  // in the portal: the pages this user may open (others link to their section of the docs)
  var openPages = viewer.hasAttribute('data-open-pages')
    ? viewer.getAttribute('data-open-pages').split(' ') : null;
  var statusSource = document.querySelector(viewer.getAttribute('data-status-source') || '#no-status-source');
  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  window.mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    flowchart: { htmlLabels: false },
    sequence: { useMaxWidth: true }
  });

  /**
   * The viewer's own comments in a diagram: "%% title <text>", "%% link <node> <path> <#section>" and
   * "%% status <node> <component>".
   */
  function annotations(source) {
    var links = {};
    var statuses = {};
    var title = null;
    source.split('\n').forEach(function (line) {
      var named = /^%%\s+title\s+(.+)$/.exec(line);
      if (named && !title) {
        title = named[1].trim();
      }
      var link = /^%%\s+link\s+(\S+)\s+(\S+)\s+(#\S+)\s*$/.exec(line);
      if (link) {
        links[link[1]] = { page: link[2], section: link[3] };
      }
      var status = /^%%\s+status\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (status) {
        statuses[status[1]] = status[2];
      }
    });
    return { links: links, statuses: statuses, title: title };
  }

  var sheets = [];

  /** Renames style attributes and elements in markup, so that parsing it applies no inline style. */
  function neutralise(markup) {
    return markup.replace(/(\s)style=(["'])/g, '$1data-inline-style=$2')
      .replace(/<style(\s|>)/g, '<desc data-style=""$1').replace(/<\/style>/g, '</desc>');
  }

  /** Applies the renamed style attributes under root through the CSSOM. */
  function restyle(root) {
    var styled = Array.prototype.slice.call(root.querySelectorAll('[data-inline-style]'));
    if (root.hasAttribute && root.hasAttribute('data-inline-style')) {
      styled.push(root);
    }
    styled.forEach(function (element) {
      if (element.style) {
        element.style.cssText = element.getAttribute('data-inline-style');
      }
      element.removeAttribute('data-inline-style');
    });
  }

  /**
   * Mermaid measures its drawing in the page, setting style attributes and a <style> element as it goes, which the
   * policy refuses (and reports). While it draws, style attributes are routed to the CSSOM, which the policy allows,
   * and its <style> elements are created as inert <desc> holders that detachStyles() turns into a stylesheet.
   */
  function withPolicySafeStyles(work) {
    var setAttribute = Element.prototype.setAttribute;
    var createElementNS = Document.prototype.createElementNS;
    var createElement = Document.prototype.createElement;
    Element.prototype.setAttribute = function (name, value) {
      if (typeof name === 'string' && name.toLowerCase() === 'style' && this.style) {
        this.style.cssText = value;
        return undefined;
      }
      return setAttribute.call(this, name, value);
    };
    function styleHolder(document) {
      var holder = createElementNS.call(document, 'http://www.w3.org/2000/svg', 'desc');
      setAttribute.call(holder, 'data-style', '');
      return holder;
    }
    Document.prototype.createElementNS = function (namespace, name) {
      return name === 'style' ? styleHolder(this) : createElementNS.apply(this, arguments);
    };
    Document.prototype.createElement = function (name) {
      return String(name).toLowerCase() === 'style' ? styleHolder(this) : createElement.apply(this, arguments);
    };
    // markup set through innerHTML carries its styles as data attributes (parsing a style attribute is what the
    // policy refuses, even in an inert document); they are applied through the CSSOM once the markup is in place
    var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
    Object.defineProperty(Element.prototype, 'innerHTML', {
      configurable: true,
      get: innerHTML.get,
      set: function (html) {
        innerHTML.set.call(this, neutralise(String(html)));
        restyle(this);
      }
    });
    // Mermaid's sanitizer parses the finished drawing again
    var parseFromString = DOMParser.prototype.parseFromString;
    DOMParser.prototype.parseFromString = function (markup, type) {
      return parseFromString.call(this, neutralise(String(markup)), type);
    };
    function restore() {
      DOMParser.prototype.parseFromString = parseFromString;
      Element.prototype.setAttribute = setAttribute;
      Document.prototype.createElementNS = createElementNS;
      Document.prototype.createElement = createElement;
      Object.defineProperty(Element.prototype, 'innerHTML', innerHTML);
    }
    return work().then(function (result) { restore(); return result; },
                       function (error) { restore(); throw error; });
  }

  /** Turns the drawing's style holders into a constructed stylesheet, which the policy allows. */
  function adoptStyles(svg) {
    svg.querySelectorAll('desc[data-style]').forEach(function (holder) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(holder.textContent);
      sheets.push(sheet);
      holder.remove();
    });
    document.adoptedStyleSheets = sheets.slice();
  }

  /** The node a Mermaid SVG element stands for: flowcharts use ids like "<svg id>-flowchart-kubernetes-3"; actors their name. */
  function nodeElements(svg, id) {
    var found = Array.prototype.slice.call(svg.querySelectorAll('g.node')).filter(function (node) {
      return new RegExp('(^|-)flowchart-' + id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '-\\d+$').test(node.id)
          || node.getAttribute('data-id') === id;
    });
    if (found.length === 0) {
      // sequence diagrams: the actor boxes carry the participant's name
      found = Array.prototype.slice.call(svg.querySelectorAll('g[data-et="participant"], rect.actor'))
          .filter(function (element) { return element.getAttribute('name') === id; })
          .map(function (element) { return element.closest('g') || element; });
    }
    return found;
  }

  function hrefFor(link) {
    var open = linkMode === 'portal' && (openPages === null || openPages.indexOf(link.page) >= 0);
    return open ? link.page : docsBase + link.section;
  }

  function makeClickable(svg, notes, title) {
    Object.keys(notes.links).forEach(function (id) {
      var link = notes.links[id];
      nodeElements(svg, id).forEach(function (node) {
        var label = (node.textContent || id).trim().replace(/\s+/g, ' ');
        var anchor = document.createElementNS('http://www.w3.org/2000/svg', 'a');
        anchor.setAttribute('href', hrefFor(link));
        anchor.setAttribute('class', 'diagram-link');
        anchor.setAttribute('data-node', id);
        anchor.setAttribute('data-docs-href', docsBase + link.section);
        anchor.setAttribute('aria-label', label + ' (' + title + ')');
        node.parentNode.insertBefore(anchor, node);
        anchor.appendChild(node);
      });
    });
  }

  function addBadges(svg, notes) {
    Object.keys(notes.statuses).forEach(function (id) {
      nodeElements(svg, id).forEach(function (node) {
        node.classList.add('status-node');
        node.setAttribute('data-component', notes.statuses[id]);
      });
    });
  }

  /** Pan with a drag or the arrow keys, zoom with the wheel, +/- keys or the buttons; 0 resets. */
  function panZoom(frame, svg) {
    var view = { x: 0, y: 0, scale: 1 };
    function apply() {
      svg.style.transform = 'translate(' + view.x + 'px,' + view.y + 'px) scale(' + view.scale + ')';
      frame.setAttribute('data-scale', view.scale.toFixed(2));
    }
    function zoom(factor) {
      view.scale = Math.min(6, Math.max(0.3, view.scale * factor));
      apply();
    }
    svg.style.transformOrigin = '0 0';
    if (!reducedMotion) {
      svg.style.transition = 'transform 60ms linear';
    }
    frame.addEventListener('wheel', function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    var drag = null;
    frame.addEventListener('pointerdown', function (event) {
      if (event.target.closest && event.target.closest('a')) {
        return;
      }
      drag = { x: event.clientX - view.x, y: event.clientY - view.y };
      frame.setPointerCapture(event.pointerId);
    });
    frame.addEventListener('pointermove', function (event) {
      if (drag) {
        view.x = event.clientX - drag.x;
        view.y = event.clientY - drag.y;
        apply();
      }
    });
    frame.addEventListener('pointerup', function () { drag = null; });
    frame.addEventListener('keydown', function (event) {
      var step = 40;
      var keys = {
        '+': function () { zoom(1.2); }, '=': function () { zoom(1.2); }, '-': function () { zoom(1 / 1.2); },
        '0': function () { view = { x: 0, y: 0, scale: 1 }; apply(); },
        ArrowLeft: function () { view.x += step; apply(); }, ArrowRight: function () { view.x -= step; apply(); },
        ArrowUp: function () { view.y += step; apply(); }, ArrowDown: function () { view.y -= step; apply(); }
      };
      if (keys[event.key] && event.target === frame) {
        event.preventDefault();
        keys[event.key]();
      }
    });
    var controls = frame.parentNode.querySelector('.diagram-controls');
    if (controls) {
      controls.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-zoom]');
        if (!button) {
          return;
        }
        var action = button.getAttribute('data-zoom');
        if (action === 'in') { zoom(1.2); } else if (action === 'out') { zoom(1 / 1.2); } else {
          view = { x: 0, y: 0, scale: 1 };
          apply();
        }
      });
      controls.hidden = false;
    }
  }

  /** Reads the components' states from the live health list (swapped in by htmx over SSE) onto the nodes. */
  function refreshBadges() {
    if (!statusSource) {
      return;
    }
    var states = {};
    statusSource.querySelectorAll('li').forEach(function (item) {
      var component = item.querySelector('.component');
      var state = /health-(\w+)/.exec(item.className);
      if (component && state) {
        states[component.textContent.trim()] = {
          state: state[1], summary: (item.querySelector('.summary') || item).textContent.trim()
        };
      }
    });
    viewer.querySelectorAll('[data-component]').forEach(function (node) {
      var known = states[node.getAttribute('data-component')];
      node.classList.remove('status-up', 'status-down', 'status-degraded', 'status-unknown');
      node.classList.add('status-' + (known ? known.state : 'unknown'));
      var badge = node.querySelector('title.status-title');
      if (!badge) {
        badge = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        badge.setAttribute('class', 'status-title');
        node.insertBefore(badge, node.firstChild);
      }
      badge.textContent = known ? known.state.toUpperCase() + ': ' + known.summary : 'no status reported';
      node.setAttribute('data-state', known ? known.state : 'unknown');
    });
  }

  function render(container, index) {
    var name = container.getAttribute('data-diagram');
    var title = container.getAttribute('data-title') || name;
    var frame = container.querySelector('.diagram-frame');
    return fetch(diagramsBase + '/' + name + '.mmd', { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(name + '.mmd: HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (source) {
        return withPolicySafeStyles(function () {
          return window.mermaid.render('diagram-' + index + '-' + name, source);
        }).then(function (result) {
          var parsed = new DOMParser().parseFromString(neutralise(result.svg), 'image/svg+xml');
          var imported = document.importNode(parsed.documentElement, true);
          adoptStyles(imported);
          var notes = annotations(source);
          var heading = container.querySelector('.diagram-title');
          if (heading && !heading.textContent.trim() && notes.title) {
            heading.textContent = notes.title;
            title = notes.title;
          }
          makeClickable(imported, notes, title);
          addBadges(imported, notes);
          imported.setAttribute('role', 'img');
          imported.setAttribute('aria-label', title);
          frame.textContent = '';
          frame.appendChild(imported);
          restyle(imported);
          container.setAttribute('data-rendered', 'true');
          panZoom(frame, imported);
        });
      })
      .catch(function (error) {
        container.setAttribute('data-rendered', 'error');
        var message = container.querySelector('.diagram-error');
        if (message) {
          message.hidden = false;
        }
        if (window.console) {
          window.console.warn('Diagram ' + name + ' could not be shown: ' + error.message);
        }
      });
  }

  var containers = Array.prototype.slice.call(viewer.querySelectorAll('[data-diagram]'));
  // one at a time: Mermaid measures text in a shared off-screen element
  containers.reduce(function (previous, container, index) {
    return previous.then(function () { return render(container, index); });
  }, Promise.resolve()).then(function () {
    refreshBadges();
    viewer.setAttribute('data-ready', 'true');
    if (statusSource) {
      new MutationObserver(refreshBadges).observe(statusSource, { childList: true, subtree: true });
    }
  });
}());
