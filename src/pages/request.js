/* s3share file request page: uploads the files a visitor drops or picks, each through the
   S3 POST policy carried in the page's data block, to the origin that served the page.
   It only POSTs: it never lists or reads the bucket. Names reach the page only through
   textContent and attributes, never as HTML. */
(function () {
  'use strict';

  var MAX_PARALLEL = 3;
  var FAILED = { 'too-large': true, 'refused-type': true, expired: true, error: true };

  var app = document.getElementById('app');
  if (!app) {
    return;
  }

  var data = null;
  try {
    data = JSON.parse(document.getElementById('s3share-data').textContent);
  } catch (e) {
    data = null;
  }
  if (!data || data.kind !== 'request' || !data.post || typeof data.post.url !== 'string') {
    app.appendChild(el('p', { class: 'warn', role: 'alert' },
      'This upload page is damaged: its settings could not be read. Ask for a new link.'));
    return;
  }

  // An encrypted request: every file is sealed to the requester's key, never sent as it is. A
  // page without the code, or a browser without X25519 in WebCrypto, sends nothing.
  var encrypted = data.encrypted && typeof data.encrypted === 'object' ? data.encrypted : null;
  var encryptionReady = !encrypted ? Promise.resolve(true)
    : typeof encryptedSend !== 'function' || typeof hpkeSupported !== 'function' ? Promise.resolve(false)
    : hpkeSupported();
  var UNSUPPORTED = 'This browser cannot encrypt for this request (it has no X25519 in WebCrypto: ' +
    'Chromium 133, Firefox 130 or Safari 17 and later have it). Nothing was sent; use a newer browser.';
  var prefix = typeof data.prefix === 'string' ? data.prefix : '';
  var fields = data.post.fields && typeof data.post.fields === 'object' ? data.post.fields : {};
  var maxSize = typeof data.max_size === 'number' && isFinite(data.max_size) ? data.max_size : Infinity;
  var allowedType = typeof data.content_type === 'string' && data.content_type !== '' ? data.content_type : null;
  var expiresMs = Date.parse(data.expires_at);
  var batch = batchName(new Date());

  var entries = [];
  var queue = [];
  var usedNames = [];
  var active = 0;
  var nextId = 1;
  var lastStatus = '';
  var expiredShown = false;

  // ---------- Building the interface ----------

  var notice = el('p', { class: 'warn', id: 'expired-notice', role: 'alert', hidden: '' });

  var input = el('input', { type: 'file', id: 'file-input', class: 'visually-hidden', multiple: '' });
  if (allowedType) {
    input.setAttribute('accept', allowedType);
  }

  var hint = 'Up to ' + humanSize(maxSize) + ' per file';
  if (allowedType) {
    hint += ', ' + describeType(allowedType) + ' only';
  }
  var drop = el('label', { for: 'file-input', class: 'drop', id: 'drop-zone' }, [
    el('span', { class: 'drop-icon', 'aria-hidden': 'true' }),
    el('span', { class: 'drop-title' }, ['Drop files here or ', el('span', { class: 'drop-choose' }, 'choose files')]),
    el('span', { class: 'drop-hint' }, hint)
  ]);
  if (maxSize === Infinity) {
    drop.lastChild.textContent = allowedType ? 'Only ' + describeType(allowedType) : '';
  }

  var totalProgress = el('progress', { id: 'total-progress', max: '100', value: '0' });
  var totalText = el('span', { class: 'total-text', id: 'total-text' });
  var total = el('div', { class: 'total', id: 'total', hidden: '' }, [
    el('div', { class: 'total-head' }, [
      el('label', { for: 'total-progress' }, 'Total progress'),
      totalText
    ]),
    totalProgress
  ]);

  var status = el('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
  var list = el('ul', { id: 'file-list', class: 'file-list', 'aria-label': 'Files', hidden: '' });

  app.setAttribute('data-batch', batch);
  app.appendChild(notice);
  app.appendChild(input);
  app.appendChild(drop);
  app.appendChild(total);
  app.appendChild(status);
  app.appendChild(list);

  checkLinkExpiry();
  setInterval(checkLinkExpiry, 30000);
  encryptionReady.then(function (ok) {
    if (!ok) {
      app.setAttribute('data-encryption', 'unsupported');
      input.disabled = true;
      notice.textContent = UNSUPPORTED;
      notice.hidden = false;
    } else if (encrypted) {
      app.setAttribute('data-encryption', 'ready');
    }
  });

  // ---------- Adding files ----------

  input.addEventListener('change', function () {
    addFiles(Array.prototype.slice.call(input.files || []));
    // Lets the same file be chosen again (after a failure, say).
    input.value = '';
  });

  var dragDepth = 0;
  function carriesFiles(event) {
    var dt = event.dataTransfer;
    return !!dt && Array.prototype.indexOf.call(dt.types || [], 'Files') !== -1;
  }
  function endDrag() {
    dragDepth = 0;
    drop.classList.remove('dragover');
  }
  // The whole page takes drops, so a near miss does not navigate away from it.
  window.addEventListener('dragenter', function (event) {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    dragDepth += 1;
    drop.classList.add('dragover');
  });
  window.addEventListener('dragover', function (event) {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', function (event) {
    if (!carriesFiles(event)) {
      return;
    }
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) {
      drop.classList.remove('dragover');
    }
  });
  window.addEventListener('dragend', endDrag);
  window.addEventListener('drop', function (event) {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    endDrag();
    takeDrop(event.dataTransfer);
  });

  function takeDrop(dt) {
    var files = [];
    var dirs = [];
    var items = dt.items ? Array.prototype.slice.call(dt.items) : [];
    if (items.length && typeof items[0].webkitGetAsEntry === 'function') {
      items.forEach(function (item) {
        if (item.kind !== 'file') {
          return;
        }
        var entry = item.webkitGetAsEntry();
        if (entry && entry.isDirectory) {
          dirs.push(entry);
          return;
        }
        var file = item.getAsFile();
        if (file) {
          files.push(file);
        }
      });
    } else {
      files = Array.prototype.slice.call(dt.files || []);
    }
    addFiles(files);
    dirs.forEach(walkFolder);
  }

  // A dropped folder: its files, at any depth, join the batch under their own names.
  function walkFolder(dirEntry) {
    var reader = dirEntry.createReader();
    function readMore() {
      reader.readEntries(function (found) {
        if (!found.length) {
          return;
        }
        found.forEach(function (entry) {
          if (entry.name.charAt(0) === '.') {
            return; // .DS_Store and other hidden files
          }
          if (entry.isDirectory) {
            walkFolder(entry);
          } else if (entry.isFile) {
            entry.file(function (file) {
              addFiles([file]);
            }, function () {});
          }
        });
        readMore();
      }, function () {});
    }
    readMore();
  }

  function addFiles(files) {
    files.forEach(addFile);
    if (files.length) {
      pump();
    }
  }

  function addFile(file) {
    var entry = {
      id: nextId++,
      file: file,
      state: 'queued',
      loaded: 0,
      name: null,
      key: null
    };
    buildRow(entry);
    entries.push(entry);
    list.hidden = false;

    if (file.size > maxSize) {
      setState(entry, 'too-large', tooLargeText(file.size));
    } else if (file.size === 0) {
      setState(entry, 'refused-type', 'This file is empty; this request accepts only files with content.');
    } else if (!typeAllowed(contentTypeOf(file))) {
      setState(entry, 'refused-type', refusedTypeText(file));
    } else if (linkExpired()) {
      setState(entry, 'expired', 'This link expired at ' + localTime(expiresMs));
    } else {
      entry.name = uniqueName(s3shareSafeName(file.name));
      entry.key = prefix + batch + '/' + entry.name;
      entry.row.setAttribute('data-key', entry.key);
      if (entry.name !== visibleName(file.name)) {
        entry.saved.textContent = 'Saved as ' + entry.name;
        entry.saved.title = entry.name;
        entry.saved.hidden = false;
      }
      setState(entry, 'queued', 'Waiting\u2026');
      queue.push(entry);
    }
  }

  function buildRow(entry) {
    var file = entry.file;
    var shown = visibleName(file.name);
    var nameId = 'file-' + entry.id + '-name';
    entry.nameEl = el('span', { class: 'file-name', id: nameId, title: shown }, shown);
    entry.saved = el('p', { class: 'file-saved', hidden: '' });
    entry.progress = el('progress', { class: 'file-progress', max: '100', value: '0' });
    entry.progress.setAttribute('aria-label', 'Upload progress for ' + shown);
    entry.stateEl = el('p', { class: 'file-state' });
    entry.retry = el('button', { type: 'button', class: 'retry', hidden: '' }, 'Retry');
    entry.retry.setAttribute('aria-label', 'Retry ' + shown);
    entry.retry.addEventListener('click', function () {
      retry(entry);
    });
    entry.row = el('li', { class: 'file', id: 'file-' + entry.id, tabindex: '-1', 'data-state': 'queued' }, [
      el('span', { class: 'file-icon', 'aria-hidden': 'true' }),
      el('div', { class: 'file-main' }, [
        el('div', { class: 'file-line' }, [
          entry.nameEl,
          el('span', { class: 'file-size' }, humanSize(file.size))
        ]),
        entry.saved,
        entry.progress,
        entry.stateEl,
        entry.retry
      ])
    ]);
    list.appendChild(entry.row);
  }

  // ---------- Uploading ----------

  function pump() {
    // An encrypted file holds a chunk (64 MiB) and its ciphertext in memory: one at a time.
    while (active < (encrypted ? 1 : MAX_PARALLEL) && queue.length) {
      var entry = queue.shift();
      if (entry.state !== 'queued') {
        continue;
      }
      if (linkExpired()) {
        setState(entry, 'expired', 'This link expired at ' + localTime(expiresMs));
        continue;
      }
      upload(entry);
    }
    refresh();
  }

  function upload(entry) {
    if (encrypted) {
      uploadEncrypted(entry);
      return;
    }
    var file = entry.file;
    var settled = false;
    active += 1;
    entry.loaded = 0;
    setState(entry, 'uploading', 'Uploading\u2026 0%');

    var form = formFor(entry.key, contentTypeOf(file), file, entry.name);

    var xhr = new XMLHttpRequest();

    function settle(state, text) {
      if (settled) {
        return;
      }
      settled = true;
      active -= 1;
      if (state === 'done') {
        entry.loaded = file.size;
      }
      setState(entry, state, text);
      pump();
    }

    xhr.upload.addEventListener('progress', function (event) {
      if (settled || !event.lengthComputable || !event.total) {
        return;
      }
      // The request also carries the form fields: scale to the file's own size.
      var fraction = Math.min(1, event.loaded / event.total);
      entry.loaded = fraction * file.size;
      var percent = Math.floor(fraction * 100);
      entry.progress.value = percent;
      entry.stateEl.textContent = 'Uploading\u2026 ' + percent + '%';
      refreshTotal();
    });
    xhr.addEventListener('load', function () {
      var outcome = outcomeOf(entry, xhr);
      settle(outcome.state, outcome.text);
    });
    xhr.addEventListener('error', function () {
      settle('error', 'Network error: check the connection and retry.');
    });
    xhr.addEventListener('timeout', function () {
      settle('error', 'Upload failed: the server did not answer in time.');
    });
    xhr.addEventListener('abort', function () {
      settle('error', 'Upload failed: the upload was interrupted.');
    });

    try {
      xhr.open('POST', data.post.url, true);
      xhr.send(form);
    } catch (e) {
      settle('error', 'Upload failed: ' + shorten(String(e && e.message ? e.message : e)));
    }
  }

  // An encrypted request's file: encrypted here, sent as chunks and a sealed manifest.
  function uploadEncrypted(entry) {
    var file = entry.file;
    var settled = false;
    active += 1;
    entry.loaded = 0;
    setState(entry, 'uploading', 'Encrypting and uploading\u2026 0%');
    function settle(state, text) {
      if (settled) {
        return;
      }
      settled = true;
      active -= 1;
      if (state === 'done') {
        entry.loaded = file.size;
      }
      setState(entry, state, text);
      pump();
    }
    encryptionReady.then(function (ok) {
      if (!ok) {
        throw { unsupported: true };
      }
      return encryptedSend(file, {
        prefix: prefix,
        publicKey: encrypted.public_key,
        fingerprint: encrypted.fingerprint
      }, postObject, function (sent) {
        if (settled) {
          return;
        }
        entry.loaded = sent;
        var percent = Math.floor(100 * sent / Math.max(1, file.size));
        entry.progress.value = percent;
        entry.stateEl.textContent = 'Encrypting and uploading\u2026 ' + percent + '%';
        refreshTotal();
      }, entry.resume || (entry.resume = {}));
    }).then(function () {
      settle('done', 'Uploaded, encrypted');
    }, function (failure) {
      if (failure && failure.unsupported) {
        settle('error', UNSUPPORTED);
      } else if (failure && failure.xhr) {
        var outcome = outcomeOf(entry, failure.xhr);
        var stored = entry.resume && entry.resume.sent ? entry.resume.sent.filter(Boolean).length : 0;
        // Retry sends only what is missing (encrypted-request.js keeps what was stored).
        settle(outcome.state, outcome.state === 'error' && stored > 0 ?
          outcome.text + ' Retry carries on where it stopped (' + stored +
          (stored === 1 ? ' part' : ' parts') + ' already stored).' : outcome.text);
      } else {
        settle('error', 'Upload failed: ' + shorten(String(failure && failure.message ? failure.message : failure)));
      }
    });
  }

  // POSTs one object of an encrypted upload (`key` below the prefix); resolves when stored,
  // rejects with `{ xhr }` when refused or cut off.
  function postObject(key, blob, onFraction) {
    return new Promise(function (resolve, reject) {
      var form = formFor(prefix + key, 'application/octet-stream', blob, 'blob');
      var xhr = new XMLHttpRequest();
      xhr.upload.addEventListener('progress', function (event) {
        if (event.lengthComputable && event.total) {
          onFraction(Math.min(1, event.loaded / event.total));
        }
      });
      xhr.addEventListener('load', function () {
        var code = xhr.status;
        if (code === 200 || code === 201 || code === 204) {
          resolve();
        } else {
          reject({ xhr: xhr });
        }
      });
      ['error', 'timeout', 'abort'].forEach(function (name) {
        xhr.addEventListener(name, function () { reject({ xhr: xhr }); });
      });
      xhr.open('POST', data.post.url, true);
      xhr.send(form);
    });
  }

  // The POST's form: the key, the policy's fields, the type, and the file last (S3 ignores
  // every field after the file).
  function formFor(key, type, file, name) {
    var form = new FormData();
    form.append('key', key);
    Object.keys(fields).forEach(function (field) {
      var value = fields[field];
      if (value !== null && value !== undefined) {
        form.append(field, String(value));
      }
    });
    form.append('Content-Type', type);
    form.append('file', file, name);
    return form;
  }

  function outcomeOf(entry, xhr) {
    var code = xhr.status;
    if (code === 200 || code === 201 || code === 204) {
      return { state: 'done', text: 'Uploaded' };
    }
    if (code === 0) {
      return { state: 'error', text: 'Network error: check the connection and retry.' };
    }
    var err = s3Error(xhr.responseText);
    if (err.code === 'EntityTooLarge') {
      var limit = maxSize !== Infinity ? maxSize : Number(err.maxSizeAllowed);
      return { state: 'too-large', text: tooLargeText(entry.file.size, limit) };
    }
    if ((err.code === 'AccessDenied' && /expired/i.test(err.message)) ||
        /policy expired/i.test(err.message) || err.code === 'ExpiredToken') {
      var at = isFinite(expiresMs) ? localTime(expiresMs) : 'its end time';
      return { state: 'expired', text: 'The link expired at ' + at + '; ask for a new one.' };
    }
    if (err.code === 'AccessDenied' || err.code === 'InvalidPolicyDocument') {
      return { state: 'error', text: 'The server refused the upload (' + err.code + ')' };
    }
    if (err.code === 'KeyTooLongError') {
      return { state: 'error', text: 'Upload failed: the file name is too long (KeyTooLongError)' };
    }
    if (err.code) {
      var reason = err.message ? shorten(err.message) + ' (' + err.code + ')' : err.code;
      return { state: 'error', text: 'Upload failed: ' + reason };
    }
    return { state: 'error', text: 'Upload failed: HTTP ' + code + (xhr.statusText ? ' ' + shorten(xhr.statusText) : '') };
  }

  // Code and Message of an S3 XML error body; empty strings when there is none.
  function s3Error(text) {
    var result = { code: '', message: '', maxSizeAllowed: '' };
    if (!text || typeof DOMParser === 'undefined') {
      return result;
    }
    try {
      var doc = new DOMParser().parseFromString(text, 'application/xml');
      result.code = tagText(doc, 'Code');
      result.message = tagText(doc, 'Message');
      result.maxSizeAllowed = tagText(doc, 'MaxSizeAllowed');
    } catch (e) {
      // Not XML: the status alone explains it.
    }
    return result;
  }

  function tagText(doc, name) {
    var found = doc.getElementsByTagName(name);
    return found.length ? String(found[0].textContent || '').trim() : '';
  }

  function retry(entry) {
    if (entry.state !== 'error') {
      return;
    }
    entry.loaded = 0;
    entry.progress.value = 0;
    // The button is about to disappear: keep the focus on its row.
    entry.row.focus();
    if (linkExpired()) {
      setState(entry, 'expired', 'This link expired at ' + localTime(expiresMs));
      refresh();
      return;
    }
    setState(entry, 'queued', 'Waiting\u2026');
    queue.push(entry);
    pump();
  }

  // ---------- Showing state ----------

  function setState(entry, state, text) {
    entry.state = state;
    entry.row.setAttribute('data-state', state);
    entry.stateEl.textContent = text;
    entry.retry.hidden = state !== 'error';
    if (state === 'done') {
      entry.progress.value = 100;
    } else if (state === 'queued') {
      entry.progress.value = 0;
    }
    if (state === 'expired') {
      checkLinkExpiry();
    }
    refresh();
  }

  function refresh() {
    refreshTotal();
    refreshStatus();
  }

  function refreshTotal() {
    var size = 0;
    var loaded = 0;
    var counted = 0;
    entries.forEach(function (entry) {
      if (entry.state === 'queued' || entry.state === 'uploading' || entry.state === 'done') {
        counted += 1;
        size += entry.file.size;
        loaded += entry.state === 'done' ? entry.file.size : entry.loaded;
      }
    });
    var percent;
    if (size > 0) {
      percent = Math.floor((loaded / size) * 100);
    } else {
      percent = counted && entries.every(function (e) { return e.state !== 'queued' && e.state !== 'uploading'; }) ? 100 : 0;
    }
    total.hidden = counted === 0;
    totalProgress.value = percent;
    totalText.textContent = humanSize(loaded) + ' of ' + humanSize(size) + ' (' + percent + '%)';
  }

  function refreshStatus() {
    var count = entries.length;
    if (!count) {
      return;
    }
    var done = 0;
    var failed = 0;
    entries.forEach(function (entry) {
      if (entry.state === 'done') {
        done += 1;
      } else if (FAILED[entry.state]) {
        failed += 1;
      }
    });
    var finished = done + failed;
    var text;
    var state;
    if (finished < count) {
      text = 'Uploading ' + Math.min(finished + 1, count) + ' of ' + count + (count === 1 ? ' file' : ' files') + '\u2026';
      state = 'uploading';
    } else if (failed === 0) {
      text = count === 1 ? '1 file uploaded.' : 'All ' + count + ' files uploaded.';
      state = 'done';
    } else {
      text = done + ' uploaded, ' + failed + ' failed.';
      state = 'partial';
    }
    if (text !== lastStatus) {
      status.textContent = text;
      lastStatus = text;
    }
    if (document.body.getAttribute('data-state') !== state) {
      document.body.setAttribute('data-state', state);
    }
  }

  // Warn once the link has run out, whether or not a file is waiting.
  function checkLinkExpiry() {
    if (expiredShown || !linkExpired()) {
      return;
    }
    expiredShown = true;
    notice.textContent = 'This link expired at ' + localTime(expiresMs) + '; ask for a new one.';
    notice.hidden = false;
    var expiry = document.getElementById('expiry');
    if (expiry) {
      expiry.classList.add('expired');
    }
  }

  window.addEventListener('beforeunload', function (event) {
    if (active > 0 || queue.length > 0) {
      event.preventDefault();
      event.returnValue = '';
      return '';
    }
    return undefined;
  });

  // ---------- Rules ----------

  function linkExpired() {
    return isFinite(expiresMs) && Date.now() >= expiresMs;
  }

  function contentTypeOf(file) {
    return file.type || 'application/octet-stream';
  }

  // As the policy checks it: exact, or a prefix for a pattern ending in *.
  function typeAllowed(type) {
    if (!allowedType) {
      return true;
    }
    if (allowedType.charAt(allowedType.length - 1) === '*') {
      return type.indexOf(allowedType.slice(0, -1)) === 0;
    }
    return type === allowedType;
  }

  function describeType(pattern) {
    var families = { 'image/*': 'images', 'video/*': 'videos', 'audio/*': 'audio files', 'text/*': 'text files' };
    return families[pattern] ? families[pattern] + ' (' + pattern + ')' : pattern + ' files';
  }

  function refusedTypeText(file) {
    var type = file.type ? file.type : 'of unknown type';
    return 'Not accepted: this file is ' + type + ', and only ' + describeType(allowedType) + ' can be sent here.';
  }

  function tooLargeText(size, limit) {
    var max = limit === undefined ? maxSize : limit;
    if (!isFinite(max)) {
      return 'Too large: ' + humanSize(size) + ' is over the limit';
    }
    return 'Too large: ' + humanSize(size) + ', the limit is ' + humanSize(max);
  }

  // A name as shown: without the controls and bidi marks that could disguise it.
  function visibleName(name) {
    return s3shareVisible(name || '') || 'file';
  }

  // `name`, or `name (2).ext`, `name (3).ext`, ... when the batch already has it.
  function uniqueName(name) {
    var candidate = name;
    var n = 2;
    var dot = name.lastIndexOf('.');
    while (usedNames.indexOf(candidate) !== -1) {
      candidate = dot > 0 ? name.slice(0, dot) + ' (' + n + ')' + name.slice(dot) : name + ' (' + n + ')';
      n += 1;
    }
    usedNames.push(candidate);
    return candidate;
  }

  // One batch per visit: UTC time and 4 random hex digits, `2026-11-27T10-05-12Z-3f9a`.
  function batchName(now) {
    var random = new Uint8Array(2);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(random);
    } else {
      random[0] = Math.floor(Math.random() * 256);
      random[1] = Math.floor(Math.random() * 256);
    }
    var hex = '';
    for (var i = 0; i < random.length; i++) {
      hex += (random[i] < 16 ? '0' : '') + random[i].toString(16);
    }
    return now.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z-' + hex;
  }

  // ---------- Helpers ----------

  // Sizes as everywhere (common.js); a limit that is no number is none.
  function humanSize(bytes) {
    return s3shareSize(bytes, 'no limit');
  }

  function localTime(ms) {
    var date = new Date(ms);
    try {
      return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return date.toLocaleString();
    }
  }

  function shorten(text) {
    var clean = String(text).replace(/\s+/g, ' ').trim();
    return clean.length > 160 ? clean.slice(0, 157) + '\u2026' : clean;
  }

  // An element with attributes and text or child nodes; text is never parsed as HTML.
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (typeof content === 'string') {
      node.textContent = content;
    } else if (content) {
      content.forEach(function (child) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      });
    }
    return node;
  }
  // pages/mod.rs closes this scope, after appending, on an encrypted request's page, hpke.js and
  // encrypted-request.js.
