/* s3share pages: what the page scripts share, in the one inline script before each. */

// C0 and C1 controls, DEL, bidi embeddings, overrides and isolates, and invisible marks: what
// a name from outside must not carry onto a page or into a file name.
var S3SHARE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

// `text` as a page shows it: without the characters of S3SHARE_CONTROLS.
function s3shareVisible(text) {
  return String(text).replace(S3SHARE_CONTROLS, '');
}

// The names Windows keeps for devices, with any extension: prefixed by `_`.
var S3SHARE_DEVICE_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

// The length of `text` in UTF-8 bytes.
function s3shareUtf8Length(text) {
  return new TextEncoder().encode(text).length;
}

// The name a file is saved or stored under, by the one rule of `file_name.rs` (tested on the
// same table, tests/data/file-names.json): its last path segment, without controls, with the
// characters invalid on some system as `_`, without leading or trailing dots and blanks, a
// Windows device name prefixed by `_`, cut to 255 UTF-8 bytes keeping a short extension;
// `file` if nothing is left.
function s3shareSafeName(name) {
  var last = String(name || '').split(/[\/\\]/).pop();
  last = s3shareVisible(last).replace(/[<>:"|?*]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!last) {
    return 'file';
  }
  if (S3SHARE_DEVICE_NAMES.test(last.split('.')[0].replace(/\s+$/, ''))) {
    last = '_' + last;
  }
  if (s3shareUtf8Length(last) <= 255) {
    return last;
  }
  var dot = last.lastIndexOf('.');
  var extension = dot > 0 && s3shareUtf8Length(last.slice(dot)) <= 32 ? last.slice(dot) : '';
  var stem = Array.from(last.slice(0, last.length - extension.length));
  var room = 255 - s3shareUtf8Length(extension);
  while (s3shareUtf8Length(stem.join('')) > room) {
    stem.pop();
  }
  return stem.join('').replace(/[\s.]+$/, '') + extension;
}

// `2026-11-29T14:05:12Z` as `2026-11-29 14:05 UTC`, as the pages show times; any other text as
// it is, without controls.
function s3shareTime(rfc3339) {
  var text = String(rfc3339);
  if (text.length >= 16 && text.charAt(text.length - 1) === 'Z') {
    return s3shareVisible(text.slice(0, 16).replace('T', ' ')) + ' UTC';
  }
  return s3shareVisible(text);
}

// Sizes as s3share writes them everywhere (`human::size` in Rust): `10 B`, `1.5 KiB`, `5 GiB`;
// `fallback` for what is no size.
function s3shareSize(bytes, fallback) {
  if (typeof bytes !== 'number' || !isFinite(bytes) || bytes < 0) {
    return fallback;
  }
  if (bytes < 1024) {
    return Math.round(bytes) + ' B';
  }
  var units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  var value = bytes / 1024;
  var unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  var rounded = Math.round(value * 10) / 10;
  if (rounded >= 1024 && unit < units.length - 1) {
    rounded = Math.round((rounded / 1024) * 10) / 10;
    unit += 1;
  }
  return (rounded % 1 === 0 ? String(rounded) : rounded.toFixed(1)) + ' ' + units[unit];
}

// Rewrites the expiry line `expiry` once the links have expired: `expired`, ` at ` and its
// `time` element (if any), then `advice`.
function s3shareShowExpired(expiry, time, expired, advice) {
  while (expiry.firstChild) {
    expiry.removeChild(expiry.firstChild);
  }
  expiry.classList.add('expired');
  expiry.appendChild(document.createTextNode(expired));
  if (time) {
    expiry.appendChild(document.createTextNode(' at '));
    expiry.appendChild(time);
  }
  expiry.appendChild(document.createTextNode(advice));
}
