/* s3share: the zip layout of src/zip (format.rs, names.rs, encoder.rs) in JavaScript, for the
   folder page and its worker (sw.js), which write the same bytes as `s3share get LINK --zip`.
   Store-only; UTF-8 names in NFC (flag bit 11); a DOS time from the UTC fields (never the local
   time zone) and an extended-timestamp field; Zip64 only where a value needs it (a file of
   4 GiB or more, an offset past 4 GiB, 65,535 entries or more). An entry whose CRC-32 is known
   in advance (the page's data gives it) has it and its sizes in its local header and no data
   descriptor; any other has a data descriptor (flag bit 3) with the CRC-32 computed as its data
   streams. Every entry's CRC-32 is computed and checked as it streams: data that is not what
   the page says fails the zip instead of writing a wrong one. Offsets are Numbers (exact up to
   2^53 bytes). Keep in step with src/zip: tests/it/folder_zip.rs compares the bytes. */
var s3shareZip = (function () {
  'use strict';

  var LOCAL_SIG = 0x04034b50;
  var CENTRAL_SIG = 0x02014b50;
  var DESCRIPTOR_SIG = 0x08074b50;
  var END_SIG = 0x06054b50;
  var ZIP64_END_SIG = 0x06064b50;
  var ZIP64_LOCATOR_SIG = 0x07064b50;
  var MAX32 = 0xFFFFFFFF;
  var MAX16 = 0xFFFF;
  var FLAG_DESCRIPTOR = 1 << 3;
  var FLAG_UTF8 = 1 << 11;
  var VERSION_DEFAULT = 20;
  var VERSION_ZIP64 = 45;
  var MADE_BY = (3 << 8) | 45;
  var LOCAL_FIXED = 30;
  var CENTRAL_FIXED = 46;
  var END_LEN = 22;
  var ZIP64_END_LEN = 56;
  var ZIP64_LOCATOR_LEN = 20;
  var TIMESTAMP_LEN = 9;
  // The time of an entry whose data gives none: 1980-01-01, the first a zip can hold.
  var NO_TIME = 315532800;
  var TWO32 = 4294967296;

  // ---------- CRC-32 (ISO-HDLC), slicing by 16 ----------

  // Sixteen tables of 256: the CRC of a byte followed by 0 to 15 zero bytes.
  var TABLE = (function () {
    var t = new Int32Array(256 * 16);
    var n;
    var k;
    var c;
    for (n = 0; n < 256; n += 1) {
      c = n;
      for (k = 0; k < 8; k += 1) {
        c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      t[n] = c;
    }
    for (n = 0; n < 256; n += 1) {
      c = t[n];
      for (k = 1; k < 16; k += 1) {
        c = t[c & 0xff] ^ (c >>> 8);
        t[k * 256 + n] = c;
      }
    }
    return t;
  }());
  // Whether 32-bit words read little-endian here (every browser's CPU): then 16 bytes are read
  // as four words at a time, which is what makes this fast enough (about 1 GiB/s).
  var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

  // The CRC-32 of data fed in pieces (Uint8Arrays).
  function Crc32() {
    this.state = -1;
  }

  Crc32.prototype.update = function (bytes) {
    var t = TABLE;
    var c = this.state;
    var i = 0;
    var n = bytes.length;
    var head = LITTLE_ENDIAN ? Math.min((4 - (bytes.byteOffset & 3)) & 3, n) : n;
    for (; i < head; i += 1) {
      c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    }
    var words = ((n - i) >> 4) << 2;
    var w = words > 0 ? new Int32Array(bytes.buffer, bytes.byteOffset + i, words) : null;
    for (var k = 0; k < words; k += 4) {
      var a = w[k] ^ c;
      var b = w[k + 1];
      var d = w[k + 2];
      var e = w[k + 3];
      c = t[3840 + (a & 0xff)] ^ t[3584 + ((a >>> 8) & 0xff)] ^ t[3328 + ((a >>> 16) & 0xff)] ^
        t[3072 + (a >>> 24)] ^ t[2816 + (b & 0xff)] ^ t[2560 + ((b >>> 8) & 0xff)] ^
        t[2304 + ((b >>> 16) & 0xff)] ^ t[2048 + (b >>> 24)] ^ t[1792 + (d & 0xff)] ^
        t[1536 + ((d >>> 8) & 0xff)] ^ t[1280 + ((d >>> 16) & 0xff)] ^ t[1024 + (d >>> 24)] ^
        t[768 + (e & 0xff)] ^ t[512 + ((e >>> 8) & 0xff)] ^ t[256 + ((e >>> 16) & 0xff)] ^ t[e >>> 24];
    }
    for (i += words * 4; i < n; i += 1) {
      c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    }
    this.state = c;
  };

  Crc32.prototype.value = function () {
    return (~this.state) >>> 0;
  };

  // ---------- Names (names.rs) ----------

  var RESERVED = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6',
    'COM7', 'COM8', 'COM9', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9'];

  function asciiUpper(text) {
    return text.replace(/[a-z]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 32);
    });
  }

  // One part made safe for Windows: [part, changed].
  function windowsPart(part) {
    var out = part.replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\\]/g, '_');
    var keep = out.replace(/[. ]+$/, '').length;
    out = out.slice(0, keep) + new Array(out.length - keep + 1).join('_');
    var dot = out.indexOf('.');
    var stem = dot === -1 ? out.length : dot;
    if (RESERVED.indexOf(asciiUpper(out.slice(0, stem))) !== -1) {
      out = out.slice(0, stem) + '_' + out.slice(stem);
    }
    return [out, out !== part];
  }

  // A path made relative and safe: {name, why} or {refused: why}.
  function clean(path) {
    var dir = path.charAt(path.length - 1) === '/';
    var why = null;
    if (path.charAt(0) === '/' || path.charAt(0) === '\\') {
      why = 'absolute';
    }
    if (/^[A-Za-z]:/.test(path)) {
      why = why || 'absolute';
    }
    var parts = [];
    var split = path.split(/[\/\\]/);
    for (var i = 0; i < split.length; i += 1) {
      if (split[i] === '..') {
        return { refused: 'escapes' };
      }
      if (split[i] !== '' && split[i] !== '.') {
        parts.push(split[i]);
      }
    }
    if (path.indexOf('\\') !== -1) {
      why = why || 'windows';
    }
    var out = parts.map(function (part) {
      var made = windowsPart(part);
      if (made[1]) {
        why = why || 'windows';
      }
      return made[0];
    });
    if (out.length === 0) {
      return { refused: 'empty' };
    }
    return { name: out.join('/') + (dir ? '/' : ''), why: why };
  }

  // `name (n).ext` for a file name, `name (n)/` for a folder's.
  function numbered(name, n) {
    var slash = name.charAt(name.length - 1) === '/' ? '/' : '';
    var body = slash ? name.slice(0, -1) : name;
    var last = body.lastIndexOf('/') + 1;
    var inLast = body.slice(last).lastIndexOf('.');
    var dot = inLast > 0 ? last + inLast : body.length;
    return body.slice(0, dot) + ' (' + n + ')' + body.slice(dot) + slash;
  }

  // Entry names for `paths`, in the same order (null where one is left out), and the changes:
  // {from, to, why} for a rename, {name, why, refused: true} for a path left out.
  function plan(paths) {
    var changes = [];
    var cleaned = paths.map(function (path) {
      var made = clean(String(path).normalize('NFC'));
      if (made.refused) {
        changes.push({ name: path, why: made.refused, refused: true });
        return null;
      }
      return made;
    });
    var folders = new Set();
    cleaned.forEach(function (made) {
      if (!made) {
        return;
      }
      for (var i = made.name.indexOf('/'); i !== -1; i = made.name.indexOf('/', i + 1)) {
        folders.add(made.name.slice(0, i + 1));
      }
    });
    var used = new Set();
    function taken(name) {
      return used.has(name) || folders.has(name + '/');
    }
    var names = [];
    cleaned.forEach(function (made, index) {
      if (!made) {
        names.push(null);
        return;
      }
      var name = made.name;
      var why = made.why;
      if (name.charAt(name.length - 1) === '/') {
        names.push(used.has(name) ? null : name);
        used.add(name);
        return;
      }
      if (taken(name)) {
        var n = 2;
        while (taken(numbered(made.name, n))) {
          n += 1;
        }
        name = numbered(made.name, n);
        why = why || 'duplicate';
      }
      used.add(name);
      if (why) {
        changes.push({ from: paths[index], to: name, why: why });
      }
      names.push(name);
    });
    return { names: names, changes: changes };
  }

  // ---------- Entries of a folder page (get/mod.rs, get/zip.rs) ----------

  // Seconds since the epoch (whole, toward zero) of an RFC 3339 time in UTC (`Z` or
  // `+00:00`), as `get` reads the page's times (humantime); NO_TIME for anything else.
  function unixSeconds(rfc3339) {
    if (typeof rfc3339 !== 'string' ||
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$/.test(rfc3339)) {
      return NO_TIME;
    }
    var ms = Date.parse(rfc3339);
    return isFinite(ms) ? Math.trunc(ms / 1000) : NO_TIME;
  }

  // The entries of the page's `files` whose links are on `origin` (and, path-style, in
  // `bucket`), with names planned as `get --zip` plans them: {entries, changes, refused}.
  function folder(files, bucket, origin, pathStyle) {
    var refused = [];
    var kept = files.filter(function (file) {
      var url = null;
      try {
        url = new URL(String(file.url));
      } catch (e) {
        url = null;
      }
      var inside = url !== null && url.origin === origin &&
        (!pathStyle || url.pathname.indexOf('/' + bucket + '/') === 0);
      if (!inside) {
        refused.push(String(file.path));
      }
      return inside;
    });
    var planned = plan(kept.map(function (file) { return String(file.path); }));
    var entries = [];
    kept.forEach(function (file, i) {
      var name = planned.names[i];
      if (name === null) {
        return;
      }
      var dir = name.charAt(name.length - 1) === '/';
      var crc32 = typeof file.crc32 === 'number' && file.crc32 >= 0 && file.crc32 <= MAX32 &&
        file.crc32 % 1 === 0 ? file.crc32 : null;
      var entry = {
        name: name,
        modified: unixSeconds(file.modified),
        dir: dir,
        size: dir ? 0 : Number(file.size) || 0,
        crc32: dir ? null : crc32,
        url: String(file.url)
      };
      if (file.key) {
        // An encrypted folder's file: its content key and the size of its encrypted object.
        entry.key = file.key;
        entry.body = Number(file.body);
      }
      entries.push(entry);
    });
    return { entries: entries, changes: planned.changes, refused: refused };
  }

  // ---------- Records (format.rs) ----------

  var utf8 = new TextEncoder();

  function nameBytes(entry) {
    if (!entry.nameBytes) {
      entry.nameBytes = utf8.encode(entry.name);
    }
    return entry.nameBytes;
  }

  function large(entry) {
    return entry.size >= MAX32;
  }

  function knownCrc(entry) {
    if (entry.dir || entry.size === 0) {
      return 0;
    }
    return entry.crc32 === null || entry.crc32 === undefined ? null : entry.crc32;
  }

  function hasDescriptor(entry) {
    return knownCrc(entry) === null;
  }

  function unixTime(entry) {
    return entry.modified >= 0 && entry.modified <= 0x7FFFFFFF ? entry.modified : null;
  }

  function timestampLen(entry) {
    return unixTime(entry) === null ? 0 : TIMESTAMP_LEN;
  }

  function localLen(entry) {
    return LOCAL_FIXED + nameBytes(entry).length + timestampLen(entry) + (large(entry) ? 20 : 0);
  }

  function descriptorLen(entry) {
    if (!hasDescriptor(entry)) {
      return 0;
    }
    return large(entry) ? 24 : 16;
  }

  function centralZip64(entry, offset) {
    var values = [];
    if (large(entry)) {
      values.push(entry.size, entry.size);
    }
    if (offset >= MAX32) {
      values.push(offset);
    }
    return values;
  }

  function centralLen(entry, offset) {
    var zip64 = centralZip64(entry, offset).length * 8;
    return CENTRAL_FIXED + nameBytes(entry).length + timestampLen(entry) + (zip64 > 0 ? 4 + zip64 : 0);
  }

  function zip64End(count, directoryOffset, directoryLen) {
    return count >= MAX16 || directoryOffset >= MAX32 || directoryLen >= MAX32;
  }

  function endLen(count, directoryOffset, directoryLen) {
    return zip64End(count, directoryOffset, directoryLen) ? ZIP64_END_LEN + ZIP64_LOCATOR_LEN + END_LEN : END_LEN;
  }

  // The exact length of the archive of `entries`, in this order.
  function predictedLength(entries) {
    var offset = 0;
    var directory = 0;
    entries.forEach(function (entry) {
      directory += centralLen(entry, offset);
      offset += localLen(entry) + entry.size + descriptorLen(entry);
    });
    return offset + directory + endLen(entries.length, offset, directory);
  }

  // Year, month and day of a day count since 1970-01-01 (civil_from_days).
  function civilFromDays(days) {
    var z = days + 719468;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var month = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
  }

  // [time, date] in DOS form, from the UTC fields, clamped to 1980-2107.
  function dosTime(unix) {
    var t = Math.min(Math.max(unix, 315532800), 4354819198);
    var days = Math.floor(t / 86400);
    var secs = t - days * 86400;
    var ymd = civilFromDays(days);
    var time = (Math.floor(secs / 3600) << 11) | (Math.floor((secs % 3600) / 60) << 5) | Math.floor((secs % 60) / 2);
    var date = ((ymd[0] - 1980) << 9) | (ymd[1] << 5) | ymd[2];
    return [time & 0xffff, date & 0xffff];
  }

  // Little-endian writes into a buffer of a known length.
  function Out(length) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
    this.at = 0;
  }
  Out.prototype.u8 = function (v) {
    this.view.setUint8(this.at, v);
    this.at += 1;
  };
  Out.prototype.u16 = function (v) {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
  };
  Out.prototype.u32 = function (v) {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
  };
  Out.prototype.u64 = function (v) {
    this.u32(v % TWO32);
    this.u32(Math.floor(v / TWO32));
  };
  Out.prototype.raw = function (bytes) {
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  };
  Out.prototype.done = function () {
    if (this.at !== this.bytes.length) {
      throw new Error('zip record of ' + this.at + ' bytes where ' + this.bytes.length + ' were planned');
    }
    return this.bytes;
  };

  function field32(v) {
    return Math.min(v, MAX32);
  }

  function putTimestamp(out, entry) {
    var time = unixTime(entry);
    if (time !== null) {
      out.u16(0x5455);
      out.u16(5);
      out.u8(1);
      out.u32(time);
    }
  }

  function putCommon(out, entry, version, crc32, size) {
    var dos = dosTime(entry.modified);
    out.u16(version);
    out.u16(FLAG_UTF8 | (hasDescriptor(entry) ? FLAG_DESCRIPTOR : 0));
    out.u16(0);
    out.u16(dos[0]);
    out.u16(dos[1]);
    out.u32(crc32);
    out.u32(size);
    out.u32(size);
    out.u16(nameBytes(entry).length);
  }

  function localHeader(entry) {
    var out = new Out(localLen(entry));
    var known = knownCrc(entry);
    var size = large(entry) ? MAX32 : entry.size;
    var version = large(entry) ? VERSION_ZIP64 : VERSION_DEFAULT;
    var crc32 = known === null ? 0 : known;
    if (known === null && !large(entry)) {
      size = 0;
    }
    out.u32(LOCAL_SIG);
    putCommon(out, entry, version, crc32, size);
    out.u16(localLen(entry) - LOCAL_FIXED - nameBytes(entry).length);
    out.raw(nameBytes(entry));
    if (large(entry)) {
      var value = known === null ? 0 : entry.size;
      out.u16(0x0001);
      out.u16(16);
      out.u64(value);
      out.u64(value);
    }
    putTimestamp(out, entry);
    return out.done();
  }

  function descriptor(entry, crc32) {
    var out = new Out(descriptorLen(entry));
    if (hasDescriptor(entry)) {
      out.u32(DESCRIPTOR_SIG);
      out.u32(crc32);
      if (large(entry)) {
        out.u64(entry.size);
        out.u64(entry.size);
      } else {
        out.u32(entry.size);
        out.u32(entry.size);
      }
    }
    return out.done();
  }

  function centralRecord(entry, offset, crc32) {
    var zip64 = centralZip64(entry, offset);
    var out = new Out(centralLen(entry, offset));
    out.u32(CENTRAL_SIG);
    out.u16(MADE_BY);
    putCommon(out, entry, zip64.length ? VERSION_ZIP64 : VERSION_DEFAULT, crc32, field32(entry.size));
    out.u16(centralLen(entry, offset) - CENTRAL_FIXED - nameBytes(entry).length);
    out.u16(0);
    out.u16(0);
    out.u16(0);
    // (0o040755 << 16) | 0x10 for a folder, 0o100644 << 16 for a file.
    out.u32(entry.dir ? 0x41ED0010 : 0x81A40000);
    out.u32(field32(offset));
    out.raw(nameBytes(entry));
    if (zip64.length) {
      out.u16(0x0001);
      out.u16(zip64.length * 8);
      zip64.forEach(function (v) {
        out.u64(v);
      });
    }
    putTimestamp(out, entry);
    return out.done();
  }

  function endRecords(count, directoryOffset, directoryLen) {
    var out = new Out(endLen(count, directoryOffset, directoryLen));
    if (zip64End(count, directoryOffset, directoryLen)) {
      out.u32(ZIP64_END_SIG);
      out.u64(ZIP64_END_LEN - 12);
      out.u16(MADE_BY);
      out.u16(VERSION_ZIP64);
      out.u32(0);
      out.u32(0);
      out.u64(count);
      out.u64(count);
      out.u64(directoryLen);
      out.u64(directoryOffset);
      out.u32(ZIP64_LOCATOR_SIG);
      out.u32(0);
      out.u64(directoryOffset + directoryLen);
      out.u32(1);
    }
    var count16 = Math.min(count, MAX16);
    out.u32(END_SIG);
    out.u16(0);
    out.u16(0);
    out.u16(count16);
    out.u16(count16);
    out.u32(field32(directoryLen));
    out.u32(field32(directoryOffset));
    out.u16(0);
    return out.done();
  }

  // ---------- The writer (encoder.rs) ----------

  // Turns entries and their data into the archive's bytes, without I/O: begin() gives the local
  // header, data() counts and checksums a piece (which the caller passes on itself), end()
  // checks the entry and gives its descriptor, finish() the central directory and end records.
  // Errors are thrown with `refused` set (a size or CRC-32 not as declared).
  function Encoder() {
    this.offset = 0;
    this.open = null;
    this.directory = [];
    this.directoryLen = 0;
    this.count = 0;
  }

  function refusal(message) {
    var error = new Error(message);
    error.refused = true;
    return error;
  }

  Encoder.prototype.begin = function (entry) {
    if (this.open) {
      throw new Error('zip entries out of order');
    }
    if (nameBytes(entry).length === 0 || nameBytes(entry).length > MAX16) {
      throw new Error('an entry name must have 1 to 65,535 bytes');
    }
    var header = localHeader(entry);
    this.open = { entry: entry, offset: this.offset, written: 0, crc: new Crc32() };
    this.offset += header.length;
    return header;
  };

  Encoder.prototype.data = function (bytes) {
    var open = this.open;
    var written = open.written + bytes.length;
    if (written > open.entry.size) {
      throw refusal(open.entry.name + ': ' + written + ' bytes where ' + open.entry.size + ' were declared');
    }
    open.written = written;
    open.crc.update(bytes);
    this.offset += bytes.length;
  };

  Encoder.prototype.end = function () {
    var open = this.open;
    this.open = null;
    var entry = open.entry;
    if (open.written !== entry.size) {
      throw refusal(entry.name + ': ' + open.written + ' bytes where ' + entry.size + ' were declared');
    }
    var actual = open.crc.value();
    var expected = knownCrc(entry);
    if (expected !== null && expected !== actual) {
      throw refusal(entry.name + ': CRC-32 ' + hex(actual) + ' where ' + hex(expected) + ' was declared');
    }
    var tail = descriptor(entry, actual);
    this.offset += tail.length;
    var record = centralRecord(entry, open.offset, actual);
    this.directory.push(record);
    this.directoryLen += record.length;
    this.count += 1;
    return tail;
  };

  Encoder.prototype.finish = function () {
    var end = endRecords(this.count, this.offset, this.directoryLen);
    var out = new Uint8Array(this.directoryLen + end.length);
    var at = 0;
    this.directory.forEach(function (record) {
      out.set(record, at);
      at += record.length;
    });
    out.set(end, at);
    this.directory = [];
    return out;
  };

  function hex(value) {
    return ('0000000' + value.toString(16)).slice(-8);
  }

  return {
    plan: plan,
    folder: folder,
    predictedLength: predictedLength,
    Encoder: Encoder,
    Crc32: Crc32,
    // The records themselves, for the test that compares them with src/zip's.
    records: {
      localHeader: localHeader,
      descriptor: descriptor,
      centralRecord: centralRecord,
      endRecords: endRecords
    }
  };
}());
