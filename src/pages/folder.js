/* s3share folder page: builds the file table from the page's data block (every link is there,
   once), a screenful at a time as it scrolls into view, with a filter box, and says how long the
   links stay valid. It makes no requests. */
(function () {
  'use strict';

  var CHUNK = 200;

  var data = {};
  try {
    data = JSON.parse(document.getElementById('s3share-data').textContent) || {};
  } catch (e) {
    data = {};
  }

  setUpFiles();
  setUpExpiry();

  // ---------- Files ----------

  function setUpFiles() {
    var tools = document.getElementById('tools');
    var table = document.getElementById('files');
    var more = document.getElementById('more');
    if (!tools || !table || !table.tBodies.length || !Array.isArray(data.files)) {
      return;
    }
    var body = table.tBodies[0];

    // Files at the top first, then each folder's together under its heading, by name.
    var files = data.files.map(function (file) {
      var path = String(file.path || '');
      var cut = path.lastIndexOf('/');
      return {
        path: path,
        dir: cut === -1 ? '' : path.slice(0, cut),
        name: cut === -1 ? path : path.slice(cut + 1),
        size: file.size,
        modified: file.modified,
        url: String(file.url || ''),
        // As the filter compares: composed (names from macOS are often decomposed), lower case.
        key: fold(path)
      };
    });
    files.sort(function (a, b) {
      if (a.dir !== b.dir) {
        return a.dir < b.dir ? -1 : 1;
      }
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });

    var shown = files;
    var rendered = 0;

    function renderMore() {
      var fragment = document.createDocumentFragment();
      var end = Math.min(rendered + CHUNK, shown.length);
      for (var i = rendered; i < end; i += 1) {
        var file = shown[i];
        var before = i === 0 ? null : shown[i - 1];
        if (file.dir !== '' && (!before || before.dir !== file.dir)) {
          fragment.appendChild(dirRow(file.dir));
        }
        fragment.appendChild(fileRow(file));
      }
      body.appendChild(fragment);
      rendered = end;
      if (more) {
        more.hidden = rendered >= shown.length;
        more.textContent = (shown.length - rendered) + ' more below\u2026';
      }
    }

    function show(list) {
      shown = list;
      rendered = 0;
      while (body.firstChild) {
        body.removeChild(body.firstChild);
      }
      renderMore();
    }

    if (more && typeof IntersectionObserver === 'function') {
      new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; }) && rendered < shown.length) {
          renderMore();
        }
      }, { rootMargin: '600px' }).observe(more);
      show(files);
    } else {
      CHUNK = Infinity;
      show(files);
    }

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
      var matched = apply(input.value);
      clearTimeout(timer);
      timer = setTimeout(function () {
        announce(input.value, matched);
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
      var query = fold(value.trim());
      show(query === '' ? files : files.filter(function (file) {
        return file.key.indexOf(query) !== -1;
      }));
      return shown.length;
    }

    function announce(value, matched) {
      var query = value.trim();
      if (query === '') {
        count.textContent = '';
      } else if (matched === 0) {
        count.textContent = 'No files match \u201c' + query + '\u201d.';
      } else {
        count.textContent = matched + ' of ' + files.length + (files.length === 1 ? ' file matches.' : ' files match.');
      }
    }
  }

  function dirRow(dir) {
    var row = document.createElement('tr');
    row.className = 'dir';
    var cell = document.createElement('td');
    cell.colSpan = 3;
    var name = document.createElement('span');
    name.className = 'dir-name';
    name.textContent = dir + '/';
    cell.appendChild(name);
    row.appendChild(cell);
    return row;
  }

  function fileRow(file) {
    var row = document.createElement('tr');
    row.className = 'file';
    row.setAttribute('data-path', file.path);
    var nameCell = document.createElement('td');
    var link = document.createElement('a');
    // Only a web link is ever made clickable, whatever the data says.
    if (/^https?:\/\//i.test(file.url)) {
      link.href = file.url;
    }
    link.setAttribute('download', '');
    link.textContent = file.name;
    nameCell.appendChild(link);
    var sizeCell = document.createElement('td');
    sizeCell.className = 'num';
    sizeCell.textContent = humanSize(file.size);
    var timeCell = document.createElement('td');
    if (typeof file.modified === 'string') {
      var time = document.createElement('time');
      time.setAttribute('datetime', file.modified);
      time.textContent = s3shareTime(file.modified);
      timeCell.appendChild(time);
    }
    row.appendChild(nameCell);
    row.appendChild(sizeCell);
    row.appendChild(timeCell);
    return row;
  }

  // Text as the filter compares it: composed Unicode (NFC), lower case.
  function fold(text) {
    var folded = String(text);
    if (typeof folded.normalize === 'function') {
      folded = folded.normalize('NFC');
    }
    return folded.toLowerCase();
  }

  // Sizes as everywhere (common.js).
  function humanSize(bytes) {
    return s3shareSize(bytes, '');
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
        var table = document.getElementById('files');
        if (table) {
          table.classList.add('expired');
        }
        s3shareShowExpired(expiry, time, 'Links expired', '; ask for a new link.');
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
