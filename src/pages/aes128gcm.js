  // ---------- aes128gcm decryption: the same code in the page and its worker ----------
  // pages/mod.rs appends this file to encrypted.js and to encrypted-worker.js, inside their function scope,
  // and closes that scope after it.

  // RFC 8188 aes128gcm as s3share writes it: a 21-byte header (a 16-byte salt, the record size
  // as a 32-bit big-endian number, a key id of length 0), then records of exactly `recordSize`
  // bytes but the last, which may be shorter. A record is AES-128-GCM of its plaintext followed
  // by one delimiter byte: 1, or 2 in the last record; no padding. Anything else is refused: a
  // tag that does not verify, a wrong or misplaced delimiter, padding, a body longer or shorter
  // than the page says. Only verified plaintext leaves the decryptor, and the last record only
  // once the body has ended where it should.
  var HEADER_LEN = 21;
  var TAG_LEN = 16;

  // An error saying the encrypted file is not what was shared (changed, cut short, reordered).
  function refused(why) {
    var error = new Error(why);
    error.refused = true;
    return error;
  }

  // The size of the body that holds `plainSize` bytes: 21 + n + 17 * max(1, ceil(n / (rs - 17))).
  function bodyLength(plainSize, recordSize) {
    var records = Math.max(1, Math.ceil(plainSize / (recordSize - TAG_LEN - 1)));
    return HEADER_LEN + plainSize + (TAG_LEN + 1) * records;
  }

  // `bytes` bytes of HKDF-SHA256 of `secret` with `salt` and the ASCII string `info`.
  function hkdf(secret, salt, info, bytes) {
    var infoBytes = new Uint8Array(info.length);
    for (var i = 0; i < info.length; i++) {
      infoBytes[i] = info.charCodeAt(i);
    }
    return crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits'])
      .then(function (base) {
        return crypto.subtle.deriveBits(
          { name: 'HKDF', hash: 'SHA-256', salt: salt, info: infoBytes }, base, bytes * 8);
      })
      .then(function (bits) {
        return new Uint8Array(bits);
      });
  }

  // An AES-128-GCM key for decrypting, from its 16 bytes.
  function aesKey(raw) {
    return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt']);
  }

  // Record `index`'s nonce: the nonce base XOR the index, big-endian in the last 8 bytes.
  function nonceOf(base, index) {
    var nonce = base.slice();
    var high = Math.floor(index / 4294967296);
    var low = index >>> 0;
    for (var i = 0; i < 4; i++) {
      nonce[4 + i] ^= (high >>> (24 - 8 * i)) & 255;
      nonce[8 + i] ^= (low >>> (24 - 8 * i)) & 255;
    }
    return nonce;
  }

  // A decryptor for one body of `bodySize` bytes that holds `plainSize` bytes, keyed by the
  // 16-byte `secret`. push(bytes) takes what arrived and resolves to the plaintexts of the
  // records it completed, never the last; end() resolves to the last record's plaintext once
  // the body has ended and everything checked.
  function decryptor(secret, bodySize, plainSize, recordSize) {
    var queue = [];
    var queued = 0;
    var received = 0;
    var produced = 0;
    var index = 0;
    var keys = null;

    // The first `count` queued bytes, taken off the queue.
    function take(count) {
      var out = new Uint8Array(count);
      var filled = 0;
      while (filled < count) {
        var head = queue[0];
        var part = Math.min(head.length, count - filled);
        out.set(head.subarray(0, part), filled);
        filled += part;
        if (part === head.length) {
          queue.shift();
        } else {
          queue[0] = head.subarray(part);
        }
      }
      queued -= count;
      return out;
    }

    function readHeader() {
      var header = take(HEADER_LEN);
      var size = header[16] * 16777216 + header[17] * 65536 + header[18] * 256 + header[19];
      if (size !== recordSize || header[20] !== 0) {
        return Promise.reject(refused('its header is not the one it was shared with'));
      }
      var salt = header.slice(0, 16);
      return Promise.all([
        hkdf(secret, salt, 'Content-Encoding: aes128gcm\u0000', 16).then(aesKey),
        hkdf(secret, salt, 'Content-Encoding: nonce\u0000', 12)
      ]).then(function (derived) {
        keys = { key: derived[0], nonce: derived[1] };
      });
    }

    function open(record, last) {
      var number = index;
      index += 1;
      return crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonceOf(keys.nonce, number) }, keys.key, record)
        .then(function (buffer) {
          var plain = new Uint8Array(buffer);
          if (plain.length === 0 || plain[plain.length - 1] !== (last ? 2 : 1)) {
            throw refused(last ? 'its last part is not marked as the last: the file was cut short'
              : 'part ' + (number + 1) + ' is marked as the last, or padded');
          }
          produced += plain.length - 1;
          return plain.subarray(0, plain.length - 1);
        }, function () {
          throw refused('part ' + (number + 1) + ' failed its integrity check');
        });
    }

    // Decrypts every queued record that is surely not the last (more bytes follow it).
    function drain(out) {
      if (queued <= recordSize) {
        return Promise.resolve(out);
      }
      return open(take(recordSize), false).then(function (plain) {
        out.push(plain);
        return drain(out);
      });
    }

    return {
      push: function (bytes) {
        received += bytes.length;
        if (received > bodySize) {
          return Promise.reject(refused('it is longer than when it was shared'));
        }
        if (bytes.length > 0) {
          queue.push(bytes);
          queued += bytes.length;
        }
        if (keys) {
          return drain([]);
        }
        if (queued < HEADER_LEN) {
          return Promise.resolve([]);
        }
        return readHeader().then(function () {
          return drain([]);
        });
      },
      end: function () {
        if (received !== bodySize || !keys || queued < TAG_LEN + 1) {
          return Promise.reject(refused('it ended after ' + received + ' of ' + bodySize + ' bytes: it was cut short'));
        }
        return open(take(queued), true).then(function (plain) {
          if (produced !== plainSize) {
            throw refused('it holds ' + produced + ' bytes, not ' + plainSize);
          }
          return plain;
        });
      }
    };
  }

  // The plaintext of a fetched body, a record at a time: read() resolves to the next verified
  // plaintext, or null once the last record has been read and checked; it rejects on a refusal
  // or a network error. cancel() stops the fetch.
  function plaintextOf(response, decrypt) {
    var reader = response.body.getReader();
    var ready = [];
    var ended = false;
    function fill() {
      if (ready.length > 0) {
        return Promise.resolve(ready.shift());
      }
      if (ended) {
        return Promise.resolve(null);
      }
      return reader.read().then(function (step) {
        if (step.done) {
          ended = true;
          return decrypt.end().then(function (last) {
            ready.push(last);
            return fill();
          });
        }
        return decrypt.push(step.value).then(function (plains) {
          ready = ready.concat(plains);
          return fill();
        });
      });
    }
    return {
      read: fill,
      cancel: function () {
        return reader.cancel().catch(function () {});
      }
    };
  }

  // The same as a stream's reader ({read() resolving to {done, value}, cancel()}), for code that
  // reads a plain body and an encrypted one alike (a folder's files).
  function plaintextReader(response, secret, bodySize, plainSize) {
    var plain = plaintextOf(response, decryptor(secret, bodySize, plainSize, 65536));
    return {
      read: function () {
        return plain.read().then(function (bytes) {
          return bytes === null ? { done: true } : { done: false, value: bytes };
        });
      },
      cancel: plain.cancel
    };
  }
