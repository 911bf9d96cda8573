/* s3share folder page: builds the file table from the page's data block (every link is there,
   once), a screenful at a time as it scrolls into view, with a filter box, and says how long the
   links stay valid. "Download all" hands the page's files (entries planned by zip.js, which
   comes before this script) to the page's service worker (sw.js beside the page), which
   answers a download link in its scope with one zip streamed from the files' links; this page
   shows its progress and pings it (Firefox stops an idle worker). The page itself makes no
   requests. */
(function () {
  'use strict';

  var CHUNK = 200;
  // How often the page pings the worker while it zips (Firefox stops an idle worker after about
  // 30 s, and the download with it).
  var PING_MS = 10000;
  // How long the worker's download may go without news before the page says so.
  var SILENT_MS = 45000;
  // How long the worker may take to start.
  var START_MS = 20000;
  // Without the worker, an encrypted folder's file is decrypted into memory up to this size.
  var IN_MEMORY_MAX = 256 * 1024 * 1024;
  // Why zip.js changed a name, in words (as names.rs says it).
  var WHY = {
    escapes: 'it climbs out of the folder (..)',
    absolute: 'it is an absolute path',
    windows: 'Windows cannot hold it',
    duplicate: 'an earlier entry has the same name',
    empty: 'it is empty'
  };

  var data = {};
  try {
    data = JSON.parse(document.getElementById('s3share-data').textContent) || {};
  } catch (e) {
    data = {};
  }
  // An encrypted folder (`upload --encrypt DIR`): its files are in the manifest, opened with
  // the key after # (aes128gcm.js follows this script in the page's scope).
  var encrypted = data.kind === 'e2e-folder';
  // The folder's name: its prefix's last segment, or the sealed name of an encrypted folder.
  var title = '';
  // Saves one file of an encrypted folder through the worker, once it is ready.
  var saveOne = null;
  // Why a file of an encrypted folder cannot be saved yet (said when its name is clicked).
  var whyNot = 'The download helper is still starting; try again in a moment.';

  if (encrypted) {
    openFolder();
  } else {
    start(Array.isArray(data.files) ? data.files : []);
  }
  setUpExpiry();

  function start(files) {
    setUpFiles(files);
    setUpDownloadAll(files);
  }

  // ---------- An encrypted folder's manifest ----------

  function openFolder() {
    var lead = document.getElementById('lead');
    var table = document.getElementById('files');
    var key = takeKey();
    document.body.setAttribute('data-state', 'opening');
    if (!key) {
      return stop('locked', 'This link is missing its key (the part after #), or the key is damaged. ' +
        'Open the whole link, exactly as it was sent.');
    }
    if (!window.crypto || !crypto.subtle || typeof TextDecoder !== 'function') {
      return stop('broken', 'This browser cannot decrypt here (no WebCrypto: the page must be opened over https). ' +
        'Download the folder with s3share get \'THE WHOLE LINK\' -o DIR/.');
    }
    var size = Number(data.manifest_size);
    fetch(String(data.manifest), { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (!response.ok) {
          var error = new Error(response.status === 404 ? 'This folder is gone: it was revoked, or its link is wrong.' :
            response.status === 403 ? 'The server refused the folder\'s list (HTTP 403): the link has expired or was revoked; ask for a new one.' :
            'The server answered HTTP ' + response.status + ' for the folder\'s list; try again later.');
          error.http = true;
          throw error;
        }
        return response.arrayBuffer();
      })
      .then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes.length !== size || size < 38) {
          throw refused('the folder\'s list is not the one it was shared with');
        }
        var records = Math.ceil((size - 21) / 65536);
        var open = decryptor(key, size, size - 21 - 17 * records, 65536);
        return open.push(bytes).then(function (parts) {
          return open.end().then(function (last) {
            parts.push(last);
            return parts;
          });
        });
      })
      .then(function (parts) {
        var decoder = new TextDecoder('utf-8', { fatal: true });
        var text = parts.map(function (part) {
          return decoder.decode(part, { stream: true });
        }).join('') + decoder.decode();
        var manifest = JSON.parse(text);
        if (!manifest || manifest.version !== 1 || !Array.isArray(manifest.files)) {
          throw refused('the folder\'s list is in a format this page does not read');
        }
        var links = data.links || {};
        var files = manifest.files.map(function (file) {
          var chunk = Array.isArray(file.chunks) && file.chunks.length === 1 ? file.chunks[0] : {};
          return {
            path: String(file.name),
            size: Number(file.size),
            modified: typeof file.modified === 'number' && isFinite(file.modified) && file.modified >= 0 ?
              new Date(file.modified).toISOString() : null,
            crc32: file.crc32,
            url: String(links[chunk.key] || ''),
            body: Number(chunk.size),
            key: fromBase64url(String(file.key))
          };
        });
        title = String(manifest.name || 'folder');
        var total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
        document.getElementById('name').textContent = s3shareVisible(title);
        // Not in document.title: the browser's history would keep the name.
        lead.textContent = files.length + (files.length === 1 ? ' file, ' : ' files, ') + s3shareSize(total, '') +
          ', end-to-end encrypted';
        if (table) {
          table.hidden = false;
        }
        document.body.setAttribute('data-state', 'ready');
        start(files);
      })
      .catch(function (error) {
        if (error && error.http) {
          stop('broken', error.message);
        } else if (error && error.refused) {
          stop('locked', 'The key in this link does not open this folder: open the whole link, exactly as it was ' +
            'sent, including the part after #.');
        } else {
          stop('broken', 'The folder\'s list could not be read: ' + s3shareVisible(error && error.message || error) + '.');
        }
      });

    function stop(state, text) {
      var problem = document.getElementById('problem');
      document.body.setAttribute('data-state', state);
      lead.textContent = state === 'locked' ? 'Locked: the key is needed.' : 'This folder cannot be opened here.';
      problem.textContent = text;
      problem.hidden = false;
    }
  }

  // The key from the address (16 bytes, base64url), taken out of the address bar and kept in
  // memory only; null when missing or damaged.
  function takeKey() {
    var hash = window.location.hash.replace(/^#/, '');
    if (hash !== '' && window.history && typeof window.history.replaceState === 'function') {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    var key = fromBase64url(hash);
    return key && key.length === 16 ? key : null;
  }

  function fromBase64url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) {
      return null;
    }
    try {
      var binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      return bytes;
    } catch (e) {
      return null;
    }
  }

  // ---------- Files ----------

  function setUpFiles(list) {
    var tools = document.getElementById('tools');
    var table = document.getElementById('files');
    var more = document.getElementById('more');
    if (!tools || !table || !table.tBodies.length) {
      return;
    }
    var body = table.tBodies[0];

    // Files at the top first, then each folder's together under its heading, by name.
    var files = list.map(function (file) {
      var path = String(file.path || '');
      var cut = path.lastIndexOf('/');
      return {
        path: path,
        dir: cut === -1 ? '' : path.slice(0, cut),
        name: cut === -1 ? path : path.slice(cut + 1),
        size: file.size,
        modified: file.modified,
        url: String(file.url || ''),
        source: file,
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
    if (encrypted) {
      // Its link gives ciphertext: the worker saves it decrypted.
      link.href = '#';
      link.addEventListener('click', function (event) {
        event.preventDefault();
        if (saveOne) {
          saveOne(file.source);
        } else {
          var status = document.getElementById('status');
          if (status) {
            status.textContent = whyNot;
          }
        }
      });
    } else if (/^https?:\/\//i.test(file.url)) {
      // Only a web link is ever made clickable, whatever the data says.
      link.href = file.url;
      link.setAttribute('download', '');
    }
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

  // ---------- Download all ----------

  function setUpDownloadAll(files) {
    var box = document.getElementById('all');
    var button = document.getElementById('download-all');
    var status = document.getElementById('status');
    var note = document.getElementById('all-note');
    var changesBox = document.getElementById('all-changes');
    var progressBox = document.getElementById('progress-box');
    var progressBar = document.getElementById('progress');
    var progressText = document.getElementById('progress-text');
    if (!box || !button || !status || files.length === 0 || typeof s3shareZip !== 'object') {
      return;
    }
    var origin = window.location.origin;
    var pathStyle = window.location.pathname.indexOf('/' + data.bucket + '/') === 0;
    var planned = s3shareZip.folder(files, String(data.bucket || ''), origin, pathStyle);
    var length = s3shareZip.predictedLength(planned.entries);
    var zipName = s3shareSafeName(folderName()) + '.zip';
    // The bytes the download under way will have.
    var expected = length;
    var busy = false;
    // What to run instead of the page's link, on the command line.
    var command = encrypted ? 's3share get \'THE WHOLE LINK, WITH ITS #PART\' --zip FOLDER.zip' :
      's3share get \'LINK OF THIS PAGE\' --zip FOLDER.zip';
    box.hidden = false;
    button.textContent = 'Download all (' + s3shareSize(length, '') + ' zip)';
    sayChanges();
    if (typeof data.worker !== 'string' || !navigator.serviceWorker ||
        typeof navigator.serviceWorker.register !== 'function' || typeof ReadableStream !== 'function') {
      refuse(encrypted ?
        'This browser cannot decrypt files here: it allows no service worker for this page (as in ' +
        'private windows of some browsers). Download the folder with s3share get \'THE WHOLE LINK, WITH ' +
        'ITS #PART\' -o DIR/, or as one zip with ' + command + '.' :
        'This browser cannot build the zip here (it allows no service worker for this page, ' +
        'as in private windows of some browsers, or this page is older than Download all). ' +
        'Download the files one at a time below, or all of them with ' + command + '.');
      return;
    }
    note.textContent = 'One zip (' + zipName + ', not compressed, ' + planned.entries.length +
      (planned.entries.length === 1 ? ' file' : ' files') + ') that unzip, 7-Zip, bsdtar and ' +
      'Python test clean; built and checked in this browser as it downloads, never held in memory. ' +
      command + ' writes the same bytes.';
    setUpSaveFolder();
    var ready = register();
    ready.catch(function () {
      refuse('This browser refused the download helper (its service worker), so it cannot build the zip here. ' +
        (encrypted ? 'Download' : 'Download the files one at a time below, or') + ' all of them with ' + command + '.');
    });
    if (encrypted) {
      ready.then(function (registration) {
        saveOne = function (file) {
          saveAlone(registration, file);
        };
      }, function () {});
    }
    button.addEventListener('click', function () {
      if (busy) {
        return;
      }
      begin(length);
      ready.then(function (registration) {
        viaWorker(registration, { name: zipName, entries: planned.entries });
      }, function () {
        busy = false;
      });
    });

    // A download starts: the page says so, and takes no other until it ends.
    function begin(bytes) {
      busy = true;
      button.disabled = true;
      document.body.setAttribute('data-state', 'downloading');
      status.textContent = 'Starting the download...';
      progressBox.hidden = false;
      expected = bytes;
      progress(0);
    }

    // The entry of one file of an encrypted folder saved alone (planned as in the zip), or
    // null while a download is under way or when there is nothing to save.
    function alone(file) {
      var entry = s3shareZip.folder([file], String(data.bucket || ''), origin, pathStyle).entries[0];
      return busy || !entry || entry.dir ? null : entry;
    }

    // The name a file saved alone gets: the last segment of its entry's name.
    function aloneName(entry) {
      return s3shareSafeName(entry.name.slice(entry.name.lastIndexOf('/') + 1));
    }

    // One file of an encrypted folder, decrypted by the worker and saved under its own name.
    function saveAlone(registration, file) {
      var entry = alone(file);
      if (!entry) {
        return;
      }
      begin(entry.size);
      viaWorker(registration, { name: aloneName(entry), entries: [entry], single: true });
    }

    function folderName() {
      if (title) {
        return title;
      }
      var prefix = String(data.prefix || '').replace(/\/+$/, '');
      var last = prefix.slice(prefix.lastIndexOf('/') + 1);
      return last || String(data.bucket || 'folder');
    }

    function sayChanges() {
      var lines = [];
      planned.refused.forEach(function (path) {
        lines.push(s3shareVisible(path) + ': left out, its link leads outside this page\'s bucket');
      });
      planned.changes.forEach(function (change) {
        if (change.refused) {
          lines.push(s3shareVisible(change.name) + ': left out, ' + WHY[change.why]);
        } else {
          lines.push(s3shareVisible(change.from) + ': in the zip as ' + s3shareVisible(change.to) + ', ' + WHY[change.why]);
        }
      });
      if (lines.length) {
        changesBox.textContent = 'In the zip, ' + lines.join('; ') + '.';
        changesBox.hidden = false;
      }
    }

    function refuse(text) {
      button.hidden = true;
      note.textContent = text;
      whyNot = 'Not saved: ' + text;
      box.setAttribute('data-method', 'none');
      if (encrypted) {
        saveOne = inMemory;
      }
    }

    // Without the worker: one file of an encrypted folder decrypted in this page, into memory
    // (up to IN_MEMORY_MAX, as the encrypted file's page does), and saved from there.
    function inMemory(file) {
      var entry = alone(file);
      if (!entry) {
        return;
      }
      if (entry.size > IN_MEMORY_MAX) {
        status.textContent = whyNot;
        return;
      }
      begin(entry.size);
      var name = aloneName(entry);
      fetch(entry.url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
        .then(function (response) {
          if (!response.ok) {
            throw new Error('the server answered HTTP ' + response.status);
          }
          var reader = readerOf(response, entry);
          var parts = [];
          var got = 0;
          function pump() {
            return reader.read().then(function (result) {
              if (result.done) {
                return parts;
              }
              parts.push(result.value);
              got += result.value.length;
              progress(got);
              return pump();
            });
          }
          return pump();
        })
        .then(function (parts) {
          var url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
          var link = document.createElement('a');
          link.href = url;
          link.download = name;
          link.hidden = true;
          document.body.appendChild(link);
          link.click();
          document.body.removeChild(link);
          setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 60000);
          document.body.setAttribute('data-state', 'done');
          status.textContent = 'Done: ' + name + ' (' + s3shareSize(entry.size, '') +
            ', decrypted in this page) is saved with your downloads.';
        }, function (error) {
          failed(s3shareVisible(error && error.message || error) + '; nothing was saved.');
        })
        .then(function () {
          busy = false;
          button.disabled = false;
        });
    }

    function progress(bytes) {
      var percent = expected > 0 ? Math.min(100, Math.floor((bytes / expected) * 100)) : 100;
      progressBar.value = percent;
      progressText.textContent = s3shareSize(bytes, '') + ' of ' + s3shareSize(expected, '') + ' (' + percent + '%)';
    }

    // Registers the page's worker, scoped to the page's folder; resolves once it is active.
    function register() {
      return s3shareRegisterWorker(data.worker, START_MS);
    }

    // Runs `job` ({name, entries, single}) in the worker: a zip of the entries, or the one entry
    // alone, saved as `name` with the browser's downloads.
    function viaWorker(registration, job) {
      var worker = registration.active;
      var channel = new MessageChannel();
      var id = s3shareRandomId();
      var started = false;
      var over = false;
      var news = Date.now();
      var began = Date.now();
      var ping = setInterval(function () {
        (registration.active || worker).postMessage({ type: 'ping' });
        if (started && Date.now() - news > SILENT_MS) {
          status.textContent = 'No news from the download for ' + Math.round((Date.now() - news) / 1000) +
            ' s. If your browser shows it stopped, delete what it saved and try again.';
        }
      }, PING_MS);
      var startTimer = setTimeout(function () {
        if (!started && !over) {
          finish();
          failed('the download helper did not answer; download the files one at a time below.');
        }
      }, START_MS);

      function finish() {
        over = true;
        busy = false;
        button.disabled = false;
        clearInterval(ping);
        clearTimeout(startTimer);
        channel.port1.close();
        window.removeEventListener('beforeunload', s3shareStay);
      }

      channel.port1.onmessage = function (event) {
        var message = event.data || {};
        if (over) {
          return;
        }
        news = Date.now();
        if (message.type === 'ready') {
          var link = document.createElement('a');
          link.href = 'download/' + id + '/' + encodeURIComponent(job.name);
          link.hidden = true;
          document.body.appendChild(link);
          link.click();
          document.body.removeChild(link);
        } else if (message.type === 'started') {
          started = true;
          window.addEventListener('beforeunload', s3shareStay);
          status.textContent = 'Downloading ' + job.name + '...';
        } else if (message.type === 'progress') {
          progress(message.bytes);
        } else if (message.type === 'done') {
          finish();
          progress(message.bytes);
          var seconds = Math.max((Date.now() - began) / 1000, 0.001);
          document.body.setAttribute('data-state', 'done');
          document.body.setAttribute('data-zip-bytes', String(message.bytes));
          status.textContent = 'Done: ' + job.name + ' (' + s3shareSize(message.bytes, '') + ', ' +
            s3shareSize(message.bytes / seconds, '') + '/s) is saved with your downloads.';
        } else if (message.type === 'error' || message.type === 'cancelled') {
          finish();
          failed(message.type === 'cancelled' ? 'the download was cancelled.' :
            s3shareVisible(message.message || 'stopped') + '. Your browser lists the download as failed ' +
            '(delete what it kept); nothing wrong was saved as complete.');
        }
      };
      worker.postMessage({
        type: 'job',
        id: id,
        name: job.name,
        entries: job.entries,
        single: job.single === true
      }, [channel.port2]);
    }

    function failed(text) {
      document.body.setAttribute('data-state', 'failed');
      status.textContent = 'Not saved: ' + text;
    }

    // "Save into a folder..." where the browser lets a page write into a folder one picks
    // (showDirectoryPicker: Chromium): no zip, the files one at a time under the zip's names,
    // asking before replacing a file, and skipping files already there with the same size, so
    // a second run finishes what the first did not.
    function setUpSaveFolder() {
      var save = document.getElementById('save-folder');
      if (!save || typeof window.showDirectoryPicker !== 'function') {
        return;
      }
      save.hidden = false;
      save.addEventListener('click', function () {
        if (busy) {
          return;
        }
        window.showDirectoryPicker({ mode: 'readwrite' }).then(function (root) {
          busy = true;
          button.disabled = true;
          save.disabled = true;
          document.body.setAttribute('data-state', 'downloading');
          progressBox.hidden = false;
          window.addEventListener('beforeunload', s3shareStay);
          return intoFolder(root);
        }, function () {
          status.textContent = 'Not saved: no folder was chosen.';
        }).then(function (counts) {
          if (!counts) {
            return;
          }
          document.body.setAttribute('data-state', 'done');
          status.textContent = 'Done: ' + counts.saved + ' saved, ' + counts.there + ' already there' +
            (counts.kept ? ', ' + counts.kept + ' kept as they were' : '') + '.';
        }, function (error) {
          failed(s3shareVisible(error && error.message || error) + '. Run it again to finish: ' +
            'files already saved whole are skipped.');
        }).then(function () {
          busy = false;
          button.disabled = false;
          save.disabled = false;
          window.removeEventListener('beforeunload', s3shareStay);
        });
      });
    }

    // Writes every entry under `root`, one at a time: {saved, there, kept}.
    function intoFolder(root) {
      var counts = { saved: 0, there: 0, kept: 0 };
      var done = 0;
      var index = 0;
      function next() {
        if (index === planned.entries.length) {
          return Promise.resolve(counts);
        }
        var entry = planned.entries[index];
        index += 1;
        status.textContent = 'Saving ' + entry.name + '...';
        return one(root, entry, counts).then(function () {
          done += entry.size;
          progress(done);
          return next();
        });
      }
      return next();
    }

    function one(root, entry, counts) {
      var parts = entry.name.split('/');
      var last = parts.pop();
      var dir = parts.reduce(function (parent, part) {
        return parent.then(function (handle) {
          return handle.getDirectoryHandle(part, { create: true });
        });
      }, Promise.resolve(root));
      if (entry.dir) {
        return dir;
      }
      return dir.then(function (handle) {
        return handle.getFileHandle(last).then(function (existing) {
          return existing.getFile().then(function (file) {
            if (file.size === entry.size) {
              counts.there += 1;
              return null;
            }
            if (!window.confirm('Replace ' + entry.name + ' in the folder you chose (' +
                s3shareSize(file.size, '') + ') with the shared one (' + s3shareSize(entry.size, '') + ')?')) {
              counts.kept += 1;
              return null;
            }
            return existing;
          });
        }, function () {
          return handle.getFileHandle(last, { create: true });
        });
      }).then(function (target) {
        if (!target) {
          return undefined;
        }
        return write(target, entry).then(function () {
          counts.saved += 1;
        });
      });
    }

    // A file's bytes into `target`, checked as they pass (size and CRC-32, as in the zip); the
    // file is replaced only once they all arrived (an abort leaves what was there).
    function write(target, entry) {
      return target.createWritable().then(function (writable) {
        var check = new s3shareZip.Encoder();
        check.begin(entry);
        var fetched = entry.size === 0 ? Promise.resolve(null) :
          fetch(entry.url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
        return fetched.then(function (response) {
          if (response && !response.ok) {
            throw new Error(entry.name + ': the server answered HTTP ' + response.status);
          }
          var reader = response ? readerOf(response, entry) : null;
          function pump() {
            if (!reader) {
              return Promise.resolve();
            }
            return reader.read().then(function (result) {
              if (result.done) {
                return undefined;
              }
              check.data(result.value);
              return writable.write(result.value).then(pump);
            });
          }
          return pump();
        }).then(function () {
          check.end();
          return writable.close();
        }).catch(function (error) {
          return writable.abort().catch(function () {}).then(function () {
            throw error;
          });
        });
      });
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

  // The bytes of a fetched file as a reader: as they come, or for an encrypted folder's file,
  // decrypted and authenticated record by record (aes128gcm.js).
  function readerOf(response, entry) {
    return entry.key ? plaintextReader(response, entry.key, entry.body, entry.size) :
      response.body.getReader();
  }

  // aes128gcm.js follows here on an encrypted folder's page, and then the end of this function:
  // pages/mod.rs puts them together.
