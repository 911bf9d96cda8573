  // ---------- Encrypted requests: what the page sends when its data carries a public key ----------
  // pages appends this file (after hpke.js) to request.js, inside its function scope. The format
  // is docs/FORMAT-encrypted-uploads.md: each file under a fresh content key as RFC 8188
  // aes128gcm (64 KiB records), POSTed as chunk objects of 1,024 records under random keys, then
  // a manifest (name, size, type, time, SHA-256, content key, chunks) sealed with HPKE to the
  // requester's key, last. Nothing about the file reaches the bucket in clear but its size.

  var ENC_RECORD = 65536;
  var ENC_RECORD_PLAIN = ENC_RECORD - 17;
  var ENC_CHUNK_RECORDS = 1024;
  var ENC_MAGIC = 's3share-encrypted-upload-v1';

  function encRandom(length) {
    var bytes = new Uint8Array(length);
    crypto.getRandomValues(bytes);
    return bytes;
  }

  function encHex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return out;
  }

  function encBase64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function encFromBase64url(text) {
    var raw = atob(String(text).replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  // SHA-256 over many pieces (WebCrypto's digest takes one buffer only): FIPS 180-4.
  var ENC_K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function EncSha256() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.block = new Uint8Array(64);
    this.used = 0;
    this.length = 0;
    this.w = new Uint32Array(64);
  }

  EncSha256.prototype.compress = function (bytes, at) {
    var w = this.w;
    var h = this.h;
    var i;
    for (i = 0; i < 16; i++) {
      w[i] = (bytes[at + 4 * i] << 24) | (bytes[at + 4 * i + 1] << 16) | (bytes[at + 4 * i + 2] << 8) | bytes[at + 4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
      var x = w[i - 15];
      var y = w[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      var t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) + ENC_K[i] + w[i]) | 0;
      var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  };

  EncSha256.prototype.update = function (bytes) {
    var at = 0;
    this.length += bytes.length;
    if (this.used) {
      var take = Math.min(64 - this.used, bytes.length);
      this.block.set(bytes.subarray(0, take), this.used);
      this.used += take;
      at = take;
      if (this.used < 64) {
        return;
      }
      this.compress(this.block, 0);
      this.used = 0;
    }
    for (; at + 64 <= bytes.length; at += 64) {
      this.compress(bytes, at);
    }
    this.block.set(bytes.subarray(at), 0);
    this.used = bytes.length - at;
  };

  EncSha256.prototype.hex = function () {
    var bits = this.length * 8;
    var pad = new Uint8Array((this.used < 56 ? 56 : 120) - this.used + 8);
    pad[0] = 0x80;
    var high = Math.floor(bits / 0x100000000);
    var n = pad.length;
    pad[n - 8] = high >>> 24; pad[n - 7] = high >>> 16; pad[n - 6] = high >>> 8; pad[n - 5] = high;
    pad[n - 4] = bits >>> 24; pad[n - 3] = bits >>> 16; pad[n - 2] = bits >>> 8; pad[n - 1] = bits;
    var length = this.length;
    this.update(pad);
    this.length = length;
    var out = new Uint8Array(32);
    for (var i = 0; i < 8; i++) {
      out[4 * i] = this.h[i] >>> 24; out[4 * i + 1] = this.h[i] >>> 16;
      out[4 * i + 2] = this.h[i] >>> 8; out[4 * i + 3] = this.h[i];
    }
    return encHex(out);
  };

  // RFC 8188's content key and nonce base from the input key and the salt.
  function encKeys(ikm, salt) {
    var info = function (text) { return new TextEncoder().encode(text); };
    return crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']).then(function (base) {
      return Promise.all([
        crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: salt, info: info('Content-Encoding: aes128gcm\0') }, base, 128),
        crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: salt, info: info('Content-Encoding: nonce\0') }, base, 96)
      ]);
    }).then(function (bits) {
      return crypto.subtle.importKey('raw', bits[0], 'AES-GCM', false, ['encrypt']).then(function (key) {
        return { key: key, nonce: new Uint8Array(bits[1]) };
      });
    });
  }

  function encNonce(base, index) {
    var nonce = new Uint8Array(base);
    for (var i = 0; i < 6; i++) {
      nonce[11 - i] ^= Math.floor(index / Math.pow(256, i)) & 255;
    }
    return nonce;
  }

  // Sends `file` through the encrypted request: `post(key, blob, onProgress)` POSTs one object
  // and resolves, or rejects with the refusal; `progress(bytes)` is told the plaintext sent.
  // `resume`, an object kept across the tries of one file, holds the upload's id, its key and
  // the chunks already stored: a retry after an interrupted upload sends only the chunks that
  // are missing, and the manifest last. (The same key and nonces give the same ciphertext for
  // a chunk sent again: the file is read from the same File, which browsers refuse to read once
  // it changed.)
  function encryptedSend(file, request, post, progress, resume) {
    var state = resume || {};
    if (!state.upload) {
      state.upload = encHex(encRandom(16));
      state.ikm = encRandom(16);
      state.salt = encRandom(16);
      state.sent = [];
      state.keys = [];
    }
    var upload = state.upload;
    var ikm = state.ikm;
    var salt = state.salt;
    // Every chunk is read again on a retry: the plaintext's SHA-256 covers all of them.
    var digest = new EncSha256();
    var records = Math.max(1, Math.ceil(file.size / ENC_RECORD_PLAIN));
    var keys;
    var header = new Uint8Array(21);
    header.set(salt, 0);
    header[17] = 1; // bytes 16..20: the record size 65536, big-endian 00 01 00 00
    function chunk(first) {
      if (first >= records) {
        return Promise.resolve();
      }
      var last = Math.min(records, first + ENC_CHUNK_RECORDS);
      var start = first * ENC_RECORD_PLAIN;
      var end = Math.min(file.size, last * ENC_RECORD_PLAIN);
      var index = first / ENC_CHUNK_RECORDS;
      return file.slice(start, end).arrayBuffer().then(function (buffer) {
        var plain = new Uint8Array(buffer);
        digest.update(plain);
        if (state.sent[index]) {
          progress(end);
          return null;
        }
        var sealed = [];
        for (var r = first; r < last; r++) {
          var part = plain.subarray((r - first) * ENC_RECORD_PLAIN, Math.min(plain.length, (r - first + 1) * ENC_RECORD_PLAIN));
          var record = new Uint8Array(part.length + 1);
          record.set(part, 0);
          record[part.length] = r === records - 1 ? 2 : 1;
          sealed.push(crypto.subtle.encrypt({ name: 'AES-GCM', iv: encNonce(keys.nonce, r) }, keys.key, record));
        }
        return Promise.all(sealed);
      }).then(function (sealed) {
        if (sealed === null) {
          return null;
        }
        var parts = first === 0 ? [header] : [];
        sealed.forEach(function (s) { parts.push(new Uint8Array(s)); });
        var blob = new Blob(parts);
        // One key per chunk for all tries: a chunk that landed although its answer was lost is
        // replaced by the same bytes, never left beside them.
        var key = state.keys[index] || (state.keys[index] = upload + '/' + encHex(encRandom(16)));
        return post(key, blob, function (fraction) {
          progress(start + fraction * (end - start));
        }).then(function () {
          state.sent[index] = { key: key, size: blob.size };
        });
      }).then(function () {
        return chunk(last);
      });
    }
    return encKeys(ikm, salt).then(function (k) {
      keys = k;
      return chunk(0);
    }).then(function () {
      var manifest = JSON.stringify({
        version: 1,
        files: [{
          name: file.name,
          size: file.size,
          type: file.type || 'application/octet-stream',
          modified: file.lastModified || null,
          sha256: digest.hex(),
          key: encBase64url(ikm),
          chunks: state.sent
        }]
      });
      var info = new TextEncoder().encode('s3share encrypted request v1\n' + request.prefix);
      return hpkeSeal(encFromBase64url(request.publicKey), info, new Uint8Array(0), new TextEncoder().encode(manifest));
    }).then(function (sealed) {
      var line = new TextEncoder().encode(ENC_MAGIC + ' ' + request.fingerprint + '\n');
      return post(upload + '/manifest', new Blob([line, sealed]), function () {});
    });
  }
