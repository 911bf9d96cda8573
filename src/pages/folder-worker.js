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
      entries: Array.isArray(message.entries) ? message.entries : [],
      single: message.single === true
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
        url: String(entry.url),
        key: entry.key instanceof Uint8Array && entry.key.length === 16 ? entry.key : null,
        body: Number(entry.body)
      };
    });
    if (entries.length !== job.entries.length) {
      job.port.postMessage({ type: 'error', kind: 'refused', message: 'a file\'s link leads to another site' });
      job.finish();
      return new Response(null, { status: 204 });
    }
    if (job.single) {
      return one(job, entries[0]);
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

  // One file of an encrypted folder, alone: its plaintext, checked (size, CRC-32) as it passes.
  function one(job, entry) {
    if (!entry || entry.dir) {
      job.port.postMessage({ type: 'error', kind: 'refused', message: 'nothing to save' });
      job.finish();
      return new Response(null, { status: 204 });
    }
    var check = new s3shareZip.Encoder();
    check.begin(entry);
    var reader = null;
    var ended = entry.size === 0;
    // The file's next verified piece, or null after the last (its size and CRC-32 checked).
    function piece() {
      if (ended) {
        return Promise.resolve().then(function () {
          check.end();
          return null;
        });
      }
      var read = reader ? reader.read() : openFile(entry).then(function (opened) {
        reader = opened;
        return reader.read();
      });
      return read.then(function (result) {
        if (result.done) {
          ended = true;
          return piece();
        }
        check.data(result.value);
        return result.value;
      });
    }
    var stream = body(job, piece, entry.size, function () {
      if (reader) {
        Promise.resolve(reader.cancel()).catch(function () {});
      }
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': s3shareDisposition(job.name),
        'Content-Length': String(entry.size),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox"
      }
    });
  }

  // A file's bytes as a reader ({read, cancel}, as a stream's): as they come, or for an
  // encrypted folder's file, decrypted and authenticated record by record (aes128gcm.js).
  function openFile(entry) {
    return fetchFile(entry).then(function (response) {
      return entry.key ? plaintextReader(response, entry.key, entry.body, entry.size) :
        response.body.getReader();
    });
  }

  // A file's bytes, whole (a small file fetched ahead).
  function wholeFile(entry) {
    return openFile(entry).then(function (reader) {
      var whole = new Uint8Array(entry.size);
      var filled = 0;
      function more() {
        return reader.read().then(function (result) {
          if (result.done) {
            return whole.subarray(0, filled);
          }
          if (filled + result.value.length > whole.length) {
            // Longer than listed: the encoder says so when it sees the bytes.
            var grown = new Uint8Array(filled + result.value.length);
            grown.set(whole.subarray(0, filled));
            whole = grown;
          }
          whole.set(result.value, filled);
          filled += result.value.length;
          return more();
        });
      }
      return more();
    });
  }

  // A file's response, its size checked against the entry (the encrypted object's, for an
  // encrypted folder's file).
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
        var listed = entry.key ? entry.body : entry.size;
        if (length !== null && Number(length) !== listed) {
          response.body.cancel().catch(function () {});
          var changed = new Error(entry.name + ' is ' + length + ' bytes now, not ' + listed +
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
        var whole = wholeFile(entry);
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
          return whole.then(function (bytes) {
            aheadBytes -= current.size;
            encoder.data(bytes);
            fetchAhead();
            return bytes;
          });
        }
        state = 'reading';
        fetchAhead();
        return openFile(current).then(function (opened) {
          reader = opened;
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

    return body(job, piece, length, function () {
      if (reader) {
        Promise.resolve(reader.cancel()).catch(function () {});
      }
      ahead.clear();
    });
  }

  // A download's body of `length` bytes: `piece()` gives each next piece (bytes, or null after
  // the last) as the browser asks. The page hears of progress, "done", a cancel, or the error,
  // which also errors the body so the browser marks the download failed; `release()` lets go of
  // what the pieces hold once it is over.
  function body(job, piece, length, release) {
    var sent = 0;
    var reported = 0;
    var over = false;

    function stop() {
      over = true;
      release();
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

  // The decryption (aes128gcm.js) follows here, and then the end of this function: pages/mod.rs
  // puts them together.
