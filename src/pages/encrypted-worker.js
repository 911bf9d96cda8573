/* s3share: the service worker of an end-to-end encrypted share, stored beside its page as sw.js.
   For browsers without a save dialog. The page registers it with the share's folder as its
   scope, posts it a job (the link to the encrypted data, the key, the file's name, type and
   sizes) with a port for news, then opens ./download/JOB/NAME. The worker answers that request
   itself: it fetches the data (itself: Firefox stalls a stream handed over from the page),
   decrypts it record by record into the download, with the plaintext's length, and tells the
   page how far it got, "done" once the last record verified, or why it stopped; on a failure it
   errors the stream, so the browser marks the download failed and never keeps a file that looks
   complete. It forgets a job, and its key, once its download starts or after a minute. Every
   other request in its scope goes to the network untouched. */
(function () {
  'use strict';

  // How long a job waits for its download to start.
  var CLAIM_MS = 60000;
  // How often progress is reported, at most.
  var PROGRESS_MS = 200;

  var jobs = new Map();

  self.addEventListener('install', function () {
    self.skipWaiting();
  });

  self.addEventListener('message', function (event) {
    var message = event.data;
    if (!message || message.type !== 'job' || !event.ports || !event.ports[0]) {
      // A ping: the page keeps the worker awake while a download runs (Firefox stops a worker
      // that had no event for about 30 s, and the download with it). Nothing to do.
      return;
    }
    var job = {
      id: String(message.id),
      url: String(message.url),
      key: new Uint8Array(message.key),
      name: String(message.name),
      type: /^[\w.+-]+\/[\w.+-]+$/.test(message.mediaType) ? message.mediaType : 'application/octet-stream',
      plainSize: message.plainSize,
      bodySize: message.bodySize,
      recordSize: message.recordSize,
      port: event.ports[0]
    };
    job.finished = new Promise(function (resolve) {
      job.finish = resolve;
    });
    jobs.set(job.id, job);
    setTimeout(function () {
      if (jobs.get(job.id) === job) {
        jobs.delete(job.id);
        job.port.postMessage({ type: 'error', kind: 'unclaimed', message: 'the download did not start' });
        job.finish();
      }
    }, CLAIM_MS);
    job.port.postMessage({ type: 'ready' });
    // Keeps the worker alive until the download ends, where the browser allows it.
    event.waitUntil(job.finished);
  });

  self.addEventListener('fetch', function (event) {
    var base = new URL('download/', self.registration.scope);
    var url = new URL(event.request.url);
    if (url.origin !== base.origin || url.pathname.indexOf(base.pathname) !== 0) {
      return;
    }
    var id = url.pathname.slice(base.pathname.length).split('/')[0];
    var job = jobs.get(id);
    jobs.delete(id);
    if (!job) {
      // No such job (used already, or the worker was restarted): 204 leaves the page as it is.
      event.respondWith(new Response(null, { status: 204 }));
      return;
    }
    job.port.postMessage({ type: 'started' });
    event.respondWith(download(job));
  });

  // The response to a job's download link: the decrypted file, or 204 when the data cannot be
  // fetched (the page says why).
  function download(job) {
    var key = job.key;
    job.key = null;
    function fail(kind, why) {
      job.port.postMessage({ type: 'error', kind: kind, message: why });
      job.finish();
      return new Response(null, { status: 204 });
    }
    return fetch(job.url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (!response.ok) {
          if (response.body) {
            response.body.cancel().catch(function () {});
          }
          return fail('http', 'the server answered HTTP ' + response.status);
        }
        var length = response.headers.get('Content-Length');
        if (length !== null && Number(length) !== job.bodySize) {
          response.body.cancel().catch(function () {});
          return fail('refused', 'it is ' + length + ' bytes, not ' + job.bodySize + ' as when it was shared');
        }
        return new Response(stream(job, plaintextOf(response, decryptor(key, job.bodySize, job.plainSize, job.recordSize))), {
          headers: {
            'Content-Type': job.type,
            'Content-Disposition': disposition(job.name),
            'Content-Length': String(job.plainSize),
            'X-Content-Type-Options': 'nosniff',
            'Content-Security-Policy': "default-src 'none'; sandbox"
          }
        });
      }, function (error) {
        return fail('network', String(error && error.message || error));
      });
  }

  // The download's body: verified plaintext as the browser asks for it; an error (and no
  // end) on anything refused or lost, so the download fails rather than looks complete.
  function stream(job, source) {
    var sent = 0;
    var reported = 0;
    var over = false;
    return new ReadableStream({
      pull: function (controller) {
        function next() {
          return source.read().then(function (plain) {
            if (plain === null) {
              controller.close();
              over = true;
              job.port.postMessage({ type: 'done', bytes: sent });
              job.finish();
              return undefined;
            }
            if (plain.length === 0) {
              return next();
            }
            controller.enqueue(plain);
            sent += plain.length;
            if (Date.now() - reported >= PROGRESS_MS) {
              reported = Date.now();
              job.port.postMessage({ type: 'progress', bytes: sent });
            }
            return undefined;
          });
        }
        return next().catch(function (error) {
          over = true;
          controller.error(error);
          source.cancel();
          job.port.postMessage({
            type: 'error',
            kind: error && error.refused ? 'refused' : 'network',
            message: String(error && error.message || error)
          });
          job.finish();
        });
      },
      cancel: function () {
        if (!over) {
          over = true;
          source.cancel();
          job.port.postMessage({ type: 'cancelled' });
          job.finish();
        }
      }
    });
  }

  // `attachment` with the name for every browser: RFC 6266's filename* in UTF-8, and an ASCII
  // stand-in for old ones.
  function disposition(name) {
    var ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
    var encoded = encodeURIComponent(name).replace(/['()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
    return 'attachment; filename="' + ascii + '"; filename*=UTF-8\'\'' + encoded;
  }

  // The decryption (aes128gcm.js) follows here, and then the end of this function: pages/mod.rs
  // puts the three together.
