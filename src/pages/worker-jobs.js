/* s3share: what the pages' service workers share, first in each sw.js (the encrypted share's and
   the folder page's). The page posts a job (a `job` message, with an id and a port for news);
   the worker answers `ready`, keeps the job until the page opens <scope>download/<id>/<name>,
   at most a minute, and answers that request with the job's download. Pings (any other
   message) only keep the worker awake: Firefox stops a worker that had no event for about 30 s,
   and the download with it. Every other request in its scope goes to the network untouched. */

// Serves jobs: `makeJob(message)` gives a job from the page's message (its own fields; `id`,
// `port`, `finished` and `finish` are added), `answer(job)` the Response to its download link.
function s3shareServeJobs(makeJob, answer) {
  'use strict';
  // How long a job waits for its download to start.
  var CLAIM_MS = 60000;
  var jobs = new Map();

  self.addEventListener('install', function () {
    self.skipWaiting();
  });

  self.addEventListener('message', function (event) {
    var message = event.data;
    if (!message || message.type !== 'job' || !event.ports || !event.ports[0]) {
      return;
    }
    var job = makeJob(message);
    job.id = String(message.id);
    job.port = event.ports[0];
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
    event.respondWith(answer(job));
  });
}

// `attachment` with the name for every browser: RFC 6266's filename* in UTF-8, and an ASCII
// stand-in for old ones.
function s3shareDisposition(name) {
  'use strict';
  var ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  var encoded = encodeURIComponent(name).replace(/['()*]/g, function (c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase();
  });
  return 'attachment; filename="' + ascii + '"; filename*=UTF-8\'\'' + encoded;
}
