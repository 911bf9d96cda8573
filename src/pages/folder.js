/* s3share folder page: a filter box over the server-rendered table, and how long the links
   stay valid. The page works without it; it makes no requests. */
(function () {
  'use strict';

  var data = {};
  try {
    data = JSON.parse(document.getElementById('s3share-data').textContent) || {};
  } catch (e) {
    data = {};
  }

  setUpFilter();
  setUpExpiry();

  // ---------- Filter ----------

  function setUpFilter() {
    var tools = document.getElementById('tools');
    var table = document.getElementById('files');
    if (!tools || !table || !table.tBodies.length) {
      return;
    }

    // Rows in groups: each sub-folder heading with the files below it.
    var groups = [{ dir: null, files: [] }];
    var fileCount = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.classList.contains('dir')) {
        groups.push({ dir: row, files: [] });
      } else if (row.classList.contains('file')) {
        var path = row.getAttribute('data-path');
        if (path === null) {
          path = row.textContent;
        }
        groups[groups.length - 1].files.push({ row: row, path: path.toLowerCase() });
        fileCount += 1;
      }
    });

    var input = document.createElement('input');
    input.type = 'search';
    input.id = 'filter';
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('autocapitalize', 'off');
    input.setAttribute('spellcheck', 'false');
    input.setAttribute('placeholder', 'Type part of a name');
    input.setAttribute('aria-controls', 'files');
    input.setAttribute('aria-describedby', 'filter-count');

    var label = document.createElement('label');
    label.className = 'filter';
    label.appendChild(document.createTextNode('Filter '));
    label.appendChild(input);

    var count = document.createElement('p');
    count.id = 'filter-count';
    count.className = 'filter-count';
    count.setAttribute('role', 'status');
    count.setAttribute('aria-live', 'polite');

    tools.appendChild(label);
    tools.appendChild(count);

    var timer = null;
    input.addEventListener('input', function () {
      // Rows follow every keystroke; the announcement waits for a pause in typing.
      var shown = apply(input.value);
      clearTimeout(timer);
      timer = setTimeout(function () {
        announce(input.value, shown);
      }, 400);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && input.value !== '') {
        event.preventDefault();
        input.value = '';
        announce('', apply(''));
      }
    });

    function apply(value) {
      var query = value.trim().toLowerCase();
      var shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.files.forEach(function (file) {
          var match = query === '' || file.path.indexOf(query) !== -1;
          file.row.hidden = !match;
          if (match) {
            visible += 1;
          }
        });
        if (group.dir) {
          group.dir.hidden = query !== '' && visible === 0;
        }
        shown += visible;
      });
      return shown;
    }

    function announce(value, shown) {
      var query = value.trim();
      if (query === '') {
        count.textContent = '';
      } else if (shown === 0) {
        count.textContent = 'No files match \u201c' + query + '\u201d.';
      } else {
        count.textContent = shown + ' of ' + fileCount + (fileCount === 1 ? ' file matches.' : ' files match.');
      }
    }
  }

  // ---------- Validity of the links ----------

  function setUpExpiry() {
    var expiry = document.getElementById('expiry');
    var until = Date.parse(data.expires_at);
    if (!expiry || !isFinite(until)) {
      return;
    }
    var time = expiry.querySelector('time');
    var timer = null;

    function render() {
      var left = until - Date.now();
      while (expiry.firstChild) {
        expiry.removeChild(expiry.firstChild);
      }
      if (left <= 0) {
        expiry.classList.add('expired');
        var table = document.getElementById('files');
        if (table) {
          table.classList.add('expired');
        }
        expiry.appendChild(document.createTextNode('Links expired'));
        if (time) {
          expiry.appendChild(document.createTextNode(' at '));
          expiry.appendChild(time);
        }
        expiry.appendChild(document.createTextNode('; ask for a new link.'));
        if (timer) {
          clearInterval(timer);
        }
        return;
      }
      expiry.appendChild(document.createTextNode('Links valid for ' + remaining(left)));
      if (time) {
        expiry.appendChild(document.createTextNode(', until '));
        expiry.appendChild(time);
      }
      expiry.appendChild(document.createTextNode('.'));
    }

    render();
    timer = setInterval(render, 30000);
  }

  // A duration in words, to the nearest unit: `3 days`, `5 hours`, `1 minute`.
  function remaining(ms) {
    var minute = 60000;
    var hour = 60 * minute;
    var day = 24 * hour;
    if (ms >= 36 * hour) {
      return Math.round(ms / day) + ' days';
    }
    if (ms >= 22 * hour) {
      return '1 day';
    }
    if (ms >= 90 * minute) {
      return Math.round(ms / hour) + ' hours';
    }
    if (ms >= 55 * minute) {
      return '1 hour';
    }
    if (ms >= 90000) {
      return Math.round(ms / minute) + ' minutes';
    }
    if (ms >= 45000) {
      return '1 minute';
    }
    return 'less than a minute';
  }
}());
