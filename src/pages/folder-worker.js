/* s3share: the service worker of a folder page, stored beside it as sw.js, after worker-jobs.js
   and zip.js. It answers "Download all": the page registers it with the page's folder as its
   scope, posts it a job (the zip's entries as zip.js planned them from the page's data, their links, and the
   zip's name) with a port for news, then opens ./download/JOB/NAME.zip. The worker answers that
   request itself with one store-only zip, the same bytes as `s3share get LINK --zip`, of the
   exact length it announces: it fetches each file in turn (small ones a few ahead, read whole;
   large ones streamed as they come), checks each file's size and CRC-32 as it passes, and tells
   the page how far it got, "done" after the last byte, or why it stopped; on a failure it errors
   the stream, so the browser marks the download failed and never keeps a zip that looks
   complete. It forgets a job once its download starts or after a minute (worker-jobs.js, before
   zip.js and this script, keeps the jobs). */
(function () {
  'use strict';

  // How often progress is reported, at most.
  var PROGRESS_MS = 200;
  // Files up to this size are fetched ahead, whole, while earlier ones stream...
  var AHEAD_SIZE = 4 * 1024 * 1024;
  // ...at most this many at once, and this many bytes in all: the memory a job holds.
  var AHEAD_COUNT = 8;
  var AHEAD_BYTES = 32 * 1024 * 1024;

  s3shareServeJobs(function (message) {
    return {
      name: String(message.name),
      entries: Array.isArray(message.entries) ? message.entries : []
    };
  }, answer);

  // The zip: its entries as the page sent them (only links on this worker's origin), its exact
  // length, and a body made as the browser asks for it.
  function answer(job) {
    var entries = job.entries.filter(function (entry) {
      try {
        return new URL(entry.url).origin === self.location.origin;
      } catch (e) {
        return false;
      }
    }).map(function (entry) {
      return {
        name: String(entry.name),
        modified: Number(entry.modified),
        dir: entry.dir === true,
        size: Number(entry.size),
        crc32: typeof entry.crc32 === 'number' ? entry.crc32 : null,
        url: String(entry.url)
      };
    });
    if (entries.length !== job.entries.length) {
      job.port.postMessage({ type: 'error', kind: 'refused', message: 'a file\'s link leads to another site' });
      job.finish();
      return new Response(null, { status: 204 });
    }
    var length = s3shareZip.predictedLength(entries);
    return new Response(stream(job, entries, length), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': s3shareDisposition(job.name),
        'Content-Length': String(length),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox"
      }
    });
  }

  // A file's bytes: a Response whose size was checked against the entry.
  function fetchFile(entry) {
    return fetch(entry.url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (!response.ok) {
          if (response.body) {
            response.body.cancel().catch(function () {});
          }
          var error = new Error(entry.name + ': the server answered HTTP ' + response.status);
          error.kind = 'http';
          error.status = response.status;
          throw error;
        }
        var length = response.headers.get('Content-Length');
        if (length !== null && Number(length) !== entry.size) {
          response.body.cancel().catch(function () {});
          var changed = new Error(entry.name + ' is ' + length + ' bytes now, not ' + entry.size +
            ' as when the folder was shared');
          changed.kind = 'refused';
          throw changed;
        }
        return response;
      });
  }

  // The zip's bytes, piece by piece: local header, data, descriptor for each entry in turn,
  // then the central directory. Small files are fetched ahead, whole.
  function stream(job, entries, length) {
    var encoder = new s3shareZip.Encoder();
    var index = 0;
    var state = 'header';
    var reader = null;
    var ahead = new Map();
    var aheadBytes = 0;
    var next = 0;
    var sent = 0;
    var reported = 0;
    var over = false;

    function hasData(entry) {
      return !entry.dir && entry.size > 0;
    }

    // Starts fetching the small files after the current one, within the limits.
    function fetchAhead() {
      next = Math.max(next, index + 1);
      while (next < entries.length && ahead.size < AHEAD_COUNT) {
        var entry = entries[next];
        if (!hasData(entry)) {
          next += 1;
          continue;
        }
        if (entry.size > AHEAD_SIZE || aheadBytes + entry.size > AHEAD_BYTES) {
          return;
        }
        aheadBytes += entry.size;
        var whole = fetchFile(entry).then(function (response) {
          return response.arrayBuffer();
        });
        // Seen (and reported) when its turn comes.
        whole.catch(function () {});
        ahead.set(next, whole);
        next += 1;
      }
    }

    // The next piece of the zip, or null at its end.
    function piece() {
      if (state === 'header') {
        if (index === entries.length) {
          state = 'over';
          return Promise.resolve(encoder.finish());
        }
        var entry = entries[index];
        var header = encoder.begin(entry);
        state = hasData(entry) ? 'open' : 'end';
        return Promise.resolve(header);
      }
      if (state === 'open') {
        var current = entries[index];
        var whole = ahead.get(index);
        if (whole) {
          ahead.delete(index);
          state = 'end';
          return whole.then(function (buffer) {
            aheadBytes -= current.size;
            var bytes = new Uint8Array(buffer);
            encoder.data(bytes);
            fetchAhead();
            return bytes;
          });
        }
        state = 'reading';
        fetchAhead();
        return fetchFile(current).then(function (response) {
          reader = response.body.getReader();
          return piece();
        });
      }
      if (state === 'reading') {
        return reader.read().then(function (result) {
          if (result.done) {
            reader = null;
            state = 'end';
            return piece();
          }
          encoder.data(result.value);
          return result.value;
        });
      }
      if (state === 'end') {
        state = 'header';
        index += 1;
        fetchAhead();
        return Promise.resolve(encoder.end());
      }
      return Promise.resolve(null);
    }

    function stop() {
      over = true;
      if (reader) {
        reader.cancel().catch(function () {});
      }
      ahead.clear();
      job.finish();
    }

    return new ReadableStream({
      pull: function (controller) {
        function more() {
          return piece().then(function (bytes) {
            if (bytes === null) {
              controller.close();
              stop();
              job.port.postMessage({ type: 'done', bytes: sent, length: length });
              return undefined;
            }
            if (bytes.length === 0) {
              return more();
            }
            controller.enqueue(bytes);
            sent += bytes.length;
            if (Date.now() - reported >= PROGRESS_MS) {
              reported = Date.now();
              job.port.postMessage({ type: 'progress', bytes: sent, length: length });
            }
            return undefined;
          });
        }
        return more().catch(function (error) {
          controller.error(error);
          stop();
          job.port.postMessage({
            type: 'error',
            kind: error && (error.kind || (error.refused ? 'refused' : null)) || 'network',
            status: error && error.status,
            message: String(error && error.message || error)
          });
        });
      },
      cancel: function () {
        if (!over) {
          stop();
          job.port.postMessage({ type: 'cancelled' });
        }
      }
    });
  }
}());
