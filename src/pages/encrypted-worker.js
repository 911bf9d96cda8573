/* s3share: the service worker of an end-to-end encrypted share, stored beside its page as sw.js.
   For browsers without a save dialog. The page registers it with the share's folder as its
   scope, posts it a job (the link to the encrypted data, the key, the file's name, type and
   sizes) with a port for news, then opens ./download/JOB/NAME. The worker answers that request
   itself: it fetches the data (itself: Firefox stalls a stream handed over from the page),
   decrypts it record by record into the download, with the plaintext's length, and tells the
   page how far it got, "done" once the last record verified, or why it stopped; on a failure it
   errors the stream, so the browser marks the download failed and never keeps a file that looks
   complete. It forgets a job, and its key, once its download starts or after a minute
   (worker-jobs.js, before this script, keeps the jobs). */
(function () {
  'use strict';

  // How often progress is reported, at most.
  var PROGRESS_MS = 200;

  s3shareServeJobs(function (message) {
    return {
      url: String(message.url),
      key: new Uint8Array(message.key),
      name: String(message.name),
      type: /^[\w.+-]+\/[\w.+-]+$/.test(message.mediaType) ? message.mediaType : 'application/octet-stream',
      plainSize: message.plainSize,
      bodySize: message.bodySize,
      recordSize: message.recordSize
    };
  }, download);

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
            'Content-Disposition': s3shareDisposition(job.name),
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

  // The decryption (aes128gcm.js) follows here, and then the end of this function: pages/mod.rs
  // puts the three together.
