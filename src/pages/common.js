/* s3share pages: what the page scripts share, in the one inline script before each. */

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
