/* s3share: the page of an end-to-end encrypted share. The key is the link's fragment (after #),
   which browsers never send: the page takes it from the address bar (and takes it out of the
   address bar, keeping it in memory only), opens the file's sealed name, size and type from the
   data block, and downloads and decrypts the file in the browser, checking every record:
   - with a save dialog (showSaveFilePicker), straight into the chosen file, a record at a time;
   - else through the share's service worker (sw.js beside this page), which fetches, decrypts
     and answers a download link in its scope, while this page shows its progress and pings it;
   - else into a Blob in memory, saved once complete.
   "Done" only once the last record verified. Text from the data goes on the page only through
   textContent. */
(function () {
  'use strict';

  // Above this, the Blob path warns that the whole file is held in memory.
  var BLOB_WARNING = 256 * 1024 * 1024;
  // How often the page pings the worker while it downloads (Firefox stops an idle worker after
  // about 30 s, and the download with it).
  var PING_MS = 10000;
  // How long the worker's download may go without news before the page says so.
  var SILENT_MS = 45000;
  // How long the worker may take to start the download before the page decrypts it itself.
  var START_MS = 20000;

  var body = document.body;
  var nameHeading = document.getElementById('name');
  var lead = document.getElementById('lead');
  var problem = document.getElementById('problem');
  var facts = document.getElementById('facts');
  var large = document.getElementById('large');
  var button = document.getElementById('download');
  var progressBox = document.getElementById('progress-box');
  var progressBar = document.getElementById('progress');
  var progressText = document.getElementById('progress-text');
  var progressLabel = progressBox ? progressBox.querySelector('label') : null;
  var status = document.getElementById('status');
  if (!nameHeading || !button || !status) {
    return;
  }

  var keyText = takeKey();
  var data = readData();
  var secret = null;
  var meta = null;
  var saveName = 'file';
  var mediaType = 'application/octet-stream';
  var method = 'blob';
  var workerReady = null;
  var busy = false;

  body.setAttribute('data-state', 'opening');
  watchExpiry();
  noteSharedOrigin();
  start();

  // ---------- Opening the file's details ----------

  // The key from the link's fragment, which then leaves the address bar (so it does not linger
  // in screenshots, or in the address a reload or a bookmark would keep).
  function takeKey() {
    var hash = window.location.hash;
    if (hash && window.history && window.history.replaceState) {
      try {
        window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
      } catch (e) {
        // The key stays in the address bar: harmless.
      }
    }
    return hash ? hash.slice(1).trim() : '';
  }

  function readData() {
    try {
      var parsed = JSON.parse(document.getElementById('s3share-data').textContent);
      if (parsed && parsed.kind === 'e2e' && parsed.version === 1 && parsed.encoding === 'aes128gcm' &&
          parsed.record_size === 65536 && typeof parsed.size === 'number' &&
          typeof parsed.metadata === 'string' && typeof parsed.data === 'string' &&
          typeof parsed.worker === 'string') {
        return parsed;
      }
    } catch (e) {
      // Said below.
    }
    return null;
  }

  function start() {
    if (!data) {
      locked('broken', 'This page is damaged: its details could not be read. Ask the sender for a new link.');
      return;
    }
    if (!window.crypto || !window.crypto.subtle) {
      locked('broken', 'This browser cannot decrypt here: it allows decryption only on secure (https) pages. ' +
        'Download the file with the s3share command-line tool instead: s3share get \'THE WHOLE LINK\' -o DIR/');
      return;
    }
    if (!keyText) {
      locked('locked', 'This link is missing its key. The key is the part of the link after #: open the whole ' +
        'link you were sent, including everything after the #. (This page takes the key out of the ' +
        'address bar once it has it, so a reload needs the link again.)');
      return;
    }
    secret = fromBase64url(keyText);
    if (!secret || secret.length !== 16) {
      secret = null;
      locked('locked', 'The key in this link (the part after #) is damaged. Open the whole link exactly as you ' +
        'were sent it, including everything after the #.');
      return;
    }
    openMetadata(secret, data.metadata).then(show, function () {
      locked('locked', 'This key does not open this file. The whole link is needed, including the part after ' +
        'the #: check that nothing was cut off. If the link is complete, the page was changed: ask the sender ' +
        'for a new link.');
    });
  }

  // The sealed name, size, type and time: AES-128-GCM under HKDF(secret, "s3share metadata v1"),
  // as base64url of IV, ciphertext and tag.
  function openMetadata(key, sealed) {
    var bytes = fromBase64url(sealed);
    if (!bytes || bytes.length < 12 + TAG_LEN) {
      return Promise.reject(new Error('sealed metadata too short'));
    }
    return hkdf(key, new Uint8Array(0), 's3share metadata v1', 16)
      .then(aesKey)
      .then(function (aes) {
        return crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, aes, bytes.slice(12));
      })
      .then(function (plain) {
        return JSON.parse(new TextDecoder().decode(plain));
      });
  }

  function show(opened) {
    if (!opened || typeof opened.name !== 'string' || typeof opened.size !== 'number' ||
        opened.size < 0 || Math.floor(opened.size) !== opened.size ||
        bodyLength(opened.size, data.record_size) !== data.size) {
      locked('broken', 'This page is damaged: the file\'s details do not match the encrypted file. Ask the ' +
        'sender for a new link.');
      return;
    }
    meta = opened;
    var shown = s3shareVisible(opened.name) || 'file';
    saveName = s3shareSafeName(opened.name);
    if (typeof opened.type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(opened.type)) {
      mediaType = opened.type;
    }
    // The title stays "Encrypted file": a title goes into the browser's history, which the
    // file's name must not.
    nameHeading.textContent = shown;
    lead.textContent = 'Shared with you end-to-end encrypted: only this link can open it.';
    document.getElementById('size').textContent = s3shareSize(opened.size, '') +
      (opened.size >= 1024 ? ' (' + opened.size.toLocaleString('en-US') + ' bytes)' : '');
    document.getElementById('type').textContent = typeof opened.type === 'string' && opened.type ? s3shareVisible(opened.type) : 'unknown';
    var modified = document.getElementById('modified');
    if (typeof opened.modified === 'string' && opened.modified) {
      var time = document.createElement('time');
      time.setAttribute('datetime', opened.modified);
      time.textContent = s3shareTime(opened.modified);
      modified.appendChild(time);
    } else {
      modified.parentNode.hidden = true;
    }
    facts.hidden = false;
    button.textContent = 'Download (' + s3shareSize(opened.size, '') + ')';
    button.hidden = false;
    button.addEventListener('click', download);
    body.setAttribute('data-state', 'ready');
    chooseMethod();
  }

  // The way this browser saves: a save dialog, else the worker (registered now, so a click
  // starts at once), else a Blob.
  function chooseMethod() {
    if (typeof window.showSaveFilePicker === 'function') {
      method = 'picker';
    } else if (navigator.serviceWorker && typeof navigator.serviceWorker.register === 'function') {
      method = 'worker';
      workerReady = registerWorker();
      workerReady.catch(function () {
        method = 'blob';
        warnIfLarge();
      });
    } else {
      method = 'blob';
      warnIfLarge();
    }
    body.setAttribute('data-method', method);
  }

  function warnIfLarge() {
    body.setAttribute('data-method', 'blob');
    if (!meta || meta.size <= BLOB_WARNING) {
      return;
    }
    // The command names the link, not the key: nothing puts the key back into the page, where
    // a screenshot, a save of the page or an extension could take it.
    var command = document.createElement('code');
    command.textContent = 's3share get \'THE-LINK-YOU-WERE-SENT\' -o DIR/';
    large.textContent = 'This browser has to hold the whole file (' + s3shareSize(meta.size, '') +
      ') in memory before saving it, which may fail. With the s3share command-line tool it downloads ' +
      'straight to disk, given the whole link you were sent (with the part after #): ';
    large.appendChild(command);
    large.hidden = false;
  }

  function locked(state, text) {
    problem.textContent = text;
    problem.hidden = false;
    lead.textContent = 'The file\'s name and details are encrypted too; the key in the link opens them.';
    body.setAttribute('data-state', state);
  }

  // ---------- Downloading ----------

  function download() {
    if (busy || !meta) {
      return;
    }
    busy = true;
    button.disabled = true;
    if (method === 'picker') {
      // Asked at once: the dialog needs the click.
      viaPicker();
    } else if (method === 'worker') {
      begin('Starting the download...');
      workerReady.then(viaWorker, function () {
        viaBlob();
      });
    } else {
      viaBlob();
    }
  }

  function begin(text) {
    body.setAttribute('data-state', 'downloading');
    status.textContent = text;
    button.classList.remove('again');
    progressLabel.textContent = 'Downloading and decrypting';
    progressBox.hidden = false;
    progress(0);
  }

  function progress(bytes) {
    var percent = meta.size > 0 ? Math.floor((bytes / meta.size) * 100) : 100;
    progressBar.value = percent;
    progressText.textContent = s3shareSize(bytes, '0 B') + ' of ' + s3shareSize(meta.size, '0 B') + ' (' + percent + '%)';
  }

  function done(saved) {
    progress(meta.size);
    busy = false;
    body.setAttribute('data-state', 'done');
    status.textContent = 'Done: ' + saveName + ' was decrypted, verified and ' + saved;
    progressLabel.textContent = 'Decrypted and verified';
    button.textContent = 'Download again';
    button.classList.add('again');
    button.disabled = false;
  }

  // Says why a download stopped. `error.refused` marks a file that is not what was shared.
  function failed(error, kind, afterwards) {
    busy = false;
    body.setAttribute('data-state', 'failed');
    var text;
    if (kind === 'refused' || error && error.refused) {
      text = 'The encrypted file was changed or cut short since it was shared (' + reason(error) + '), so ' +
        afterwards + ' Ask the sender to share it again.';
    } else if (kind === 'http' || error && error.status) {
      var code = error && error.status;
      text = code === 403 ? 'The server refused the download (HTTP 403): the link has probably expired, or the ' +
        'share was withdrawn. Ask the sender for a new link.'
        : code === 404 ? 'The encrypted file is gone (HTTP 404): the share was probably withdrawn.'
        : 'The download failed: ' + reason(error) + '. Try again later.';
    } else if (kind === 'cancelled') {
      text = 'The download was cancelled.';
    } else {
      text = 'The download was interrupted (' + reason(error) + '). Try again.';
    }
    status.textContent = text;
    progressLabel.textContent = 'Stopped';
    // The same file would fail the same way: no point in trying again.
    button.hidden = kind === 'refused' || !!(error && error.refused);
    button.textContent = 'Try again';
    button.classList.add('again');
    button.disabled = false;
  }

  function reason(error) {
    return String(error && error.message || error || 'unknown error');
  }

  // The encrypted data, checked for its length before anything is decrypted.
  function fetchData() {
    return fetch(data.data, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (!response.ok) {
          var error = new Error('the server answered HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        var length = response.headers.get('Content-Length');
        if (length !== null && Number(length) !== data.size) {
          throw refused('it is ' + length + ' bytes, not ' + data.size + ' as when it was shared');
        }
        return response;
      });
  }

  function plaintext(response) {
    return plaintextOf(response, decryptor(secret, data.size, meta.size, data.record_size));
  }

  // Straight into the file the visitor picks, a record at a time. On a failure the file is
  // aborted (nothing replaces what was there) and removed where the browser allows.
  function viaPicker() {
    var began = false;
    var picking;
    try {
      picking = window.showSaveFilePicker({ suggestedName: saveName });
    } catch (e) {
      picking = Promise.reject(e);
    }
    status.textContent = 'Choose where to save the file...';
    picking.then(function (handle) {
      began = true;
      begin('Downloading and decrypting...');
      return handle.createWritable().then(function (writable) {
        var written = 0;
        return fetchData().then(function (response) {
          var source = plaintext(response);
          function next() {
            return source.read().then(function (plain) {
              if (plain === null) {
                return undefined;
              }
              written += plain.length;
              return writable.write(plain).then(function () {
                progress(written);
                return next();
              });
            });
          }
          return next().catch(function (error) {
            source.cancel();
            throw error;
          });
        }).then(function () {
          return writable.close();
        }).then(function () {
          done('saved.');
        }, function (error) {
          return writable.abort().catch(function () {}).then(function () {
            return typeof handle.remove === 'function' ? handle.remove().catch(function () {}) : undefined;
          }).then(function () {
            failed(error, null, 'the file you chose was removed.');
          });
        });
      });
    }).catch(function (error) {
      if (began) {
        failed(error, null, 'nothing was saved.');
      } else if (error && error.name === 'AbortError') {
        busy = false;
        button.disabled = false;
        status.textContent = 'Not saved: no place was chosen.';
      } else {
        // No dialog here after all (a frame, a policy): the next way.
        method = navigator.serviceWorker ? 'worker' : 'blob';
        workerReady = method === 'worker' ? registerWorker() : null;
        body.setAttribute('data-method', method);
        busy = false;
        download();
      }
    });
  }

  // Registers the share's worker, scoped to the share's folder, and resolves once it is active.
  function registerWorker() {
    return navigator.serviceWorker.register(data.worker, { scope: './' }).then(function (registration) {
      return new Promise(function (resolve, reject) {
        var worker = registration.active || registration.waiting || registration.installing;
        if (!worker) {
          reject(new Error('no worker'));
          return;
        }
        function check() {
          if (worker.state === 'activated') {
            resolve(registration);
          } else if (worker.state === 'redundant') {
            reject(new Error('the worker did not start'));
          }
        }
        worker.addEventListener('statechange', check);
        check();
        setTimeout(function () {
          reject(new Error('the worker did not start in time'));
        }, START_MS);
      });
    });
  }

  // Through the worker: it is sent the job and a port, then the page opens the job's download
  // link in the worker's scope, which the worker answers with the decrypted file.
  function viaWorker(registration) {
    var worker = registration.active;
    var channel = new MessageChannel();
    var id = randomId();
    var started = false;
    var over = false;
    var news = Date.now();
    var ping = setInterval(function () {
      (registration.active || worker).postMessage({ type: 'ping' });
      // A worker the browser stopped says nothing more; the download it served stops with it.
      if (started && Date.now() - news > SILENT_MS) {
        status.textContent = 'No news from the download for ' + Math.round((Date.now() - news) / 1000) +
          ' s. If your browser shows it stopped, delete what it saved and try again.';
      }
    }, PING_MS);
    var startTimer = setTimeout(function () {
      if (!started && !over) {
        finish();
        status.textContent = 'The download helper did not answer; decrypting in the page instead...';
        viaBlob();
      }
    }, START_MS);

    function finish() {
      over = true;
      clearInterval(ping);
      clearTimeout(startTimer);
      channel.port1.close();
      window.removeEventListener('beforeunload', stay);
    }

    channel.port1.onmessage = function (event) {
      var message = event.data || {};
      if (over) {
        return;
      }
      news = Date.now();
      if (message.type === 'ready') {
        var link = document.createElement('a');
        link.href = 'download/' + id + '/' + encodeURIComponent(saveName);
        link.hidden = true;
        body.appendChild(link);
        link.click();
        body.removeChild(link);
      } else if (message.type === 'started') {
        started = true;
        window.addEventListener('beforeunload', stay);
        status.textContent = 'Downloading and decrypting...';
      } else if (message.type === 'progress') {
        if (/^No news/.test(status.textContent)) {
          status.textContent = 'Downloading and decrypting...';
        }
        progress(message.bytes);
      } else if (message.type === 'done') {
        finish();
        done('saved with your downloads.');
      } else if (message.type === 'error' || message.type === 'cancelled') {
        finish();
        var error = new Error(message.message || 'stopped');
        if (message.kind === 'http') {
          var code = /HTTP (\d+)/.exec(error.message);
          error.status = code ? Number(code[1]) : 0;
        }
        failed(error, message.type === 'cancelled' ? 'cancelled' : message.kind,
          'the download was stopped before it completed: your browser lists it as failed (delete the empty ' +
          'file some browsers leave under its name).');
      }
    };
    worker.postMessage({
      type: 'job',
      id: id,
      url: data.data,
      key: secret.slice().buffer,
      name: saveName,
      mediaType: mediaType,
      plainSize: meta.size,
      bodySize: data.size,
      recordSize: data.record_size
    }, [channel.port2]);
  }

  // Leaving the page while the worker downloads would stop the pings that keep it alive.
  function stay(event) {
    event.preventDefault();
    event.returnValue = '';
  }

  // In memory: every record decrypted and verified into a Blob, then saved at once.
  function viaBlob() {
    body.setAttribute('data-method', 'blob');
    begin('Downloading and decrypting...');
    var parts = [];
    var got = 0;
    fetchData().then(function (response) {
      var source = plaintext(response);
      function next() {
        return source.read().then(function (plain) {
          if (plain === null) {
            return undefined;
          }
          parts.push(plain);
          got += plain.length;
          progress(got);
          return next();
        });
      }
      return next().catch(function (error) {
        source.cancel();
        throw error;
      });
    }).then(function () {
      var url = URL.createObjectURL(new Blob(parts, { type: mediaType }));
      parts = [];
      var link = document.createElement('a');
      link.href = url;
      link.download = saveName;
      link.hidden = true;
      body.appendChild(link);
      link.click();
      body.removeChild(link);
      setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 60000);
      done('saved with your downloads.');
    }, function (error) {
      parts = [];
      failed(error, null, 'nothing was saved.');
    });
  }

  // ---------- Small things ----------

  function fromBase64url(text) {
    if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) {
      return null;
    }
    var base64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) {
      base64 += '=';
    }
    var binary;
    try {
      binary = atob(base64);
    } catch (e) {
      return null;
    }
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function randomId() {
    var bytes = crypto.getRandomValues(new Uint8Array(12));
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join('');
  }

  // Once the links have expired, the page says so rather than fail at the click.
  function watchExpiry() {
    var expiry = document.getElementById('expiry');
    var until = data ? Date.parse(data.expires_at) : NaN;
    if (!expiry || !isFinite(until)) {
      return;
    }
    var timer = null;
    function check() {
      if (Date.now() < until) {
        return;
      }
      s3shareShowExpired(expiry, expiry.querySelector('time'), 'This link expired',
        '; ask the sender for a new one.');
      clearInterval(timer);
    }
    check();
    timer = setInterval(check, 30000);
  }

  // Path-style links (host/bucket/key) put every bucket on the host on one browser origin.
  function noteSharedOrigin() {
    var host = window.location.hostname;
    if (!data || !data.path_style || host === 'localhost' || host === '127.0.0.1' || host === '[::1]') {
      return;
    }
    var note = document.getElementById('origin-note');
    note.textContent = 'This link names the bucket in its path (' + host + '/' + s3shareVisible(data.bucket) +
      '/...), so every bucket on ' + host + ' shares one browser origin: a page in another bucket there has ' +
      'the same rights in this browser as this one.';
    note.hidden = false;
  }

  // The decryption (aes128gcm.js) follows here, and then the end of this function: pages/mod.rs
  // puts the three together.
