  // ---------- HPKE base mode (RFC 9180), sealing only: the encrypted request page ----------
  // Suite DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; single-shot, `enc || ct`, as
  // src/hpke.rs opens it. WebCrypto only: X25519 (Chromium 133+, Firefox 130+, Safari 17+),
  // HMAC-SHA256 for HKDF's extract and expand (WebCrypto's HKDF keeps the extract to itself),
  // AES-GCM. A browser without X25519 cannot seal, and the page says so and sends nothing.
  var HPKE_ENCODER = new TextEncoder();
  var HPKE_KEM_SUITE = hpkeConcat([HPKE_ENCODER.encode('KEM'), new Uint8Array([0, 0x20])]);
  var HPKE_SUITE = hpkeConcat([HPKE_ENCODER.encode('HPKE'), new Uint8Array([0, 0x20, 0, 1, 0, 1])]);
  var HPKE_V1 = HPKE_ENCODER.encode('HPKE-v1');

  function hpkeConcat(parts) {
    var length = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var out = new Uint8Array(length);
    var at = 0;
    parts.forEach(function (part) {
      out.set(part, at);
      at += part.length;
    });
    return out;
  }

  // HMAC-SHA256 of `parts` under `key`; an empty key is HashLen zeros, as RFC 5869 says (and
  // some browsers refuse an empty HMAC key).
  function hpkeHmac(key, parts) {
    var k = key.length ? key : new Uint8Array(32);
    return crypto.subtle.importKey('raw', k, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .then(function (hmacKey) {
        return crypto.subtle.sign('HMAC', hmacKey, hpkeConcat(parts));
      })
      .then(function (tag) { return new Uint8Array(tag); });
  }

  function hpkeLabeledExtract(suite, salt, label, ikm) {
    return hpkeHmac(salt, [HPKE_V1, suite, HPKE_ENCODER.encode(label), ikm]);
  }

  // One block of HKDF-Expand: every length this suite asks for is at most 32.
  function hpkeLabeledExpand(suite, prk, label, info, length) {
    var l = new Uint8Array([length >> 8, length & 255]);
    return hpkeHmac(prk, [l, HPKE_V1, suite, HPKE_ENCODER.encode(label), info, new Uint8Array([1])])
      .then(function (block) { return block.slice(0, length); });
  }

  // Whether this browser's WebCrypto has X25519.
  function hpkeSupported() {
    if (!window.crypto || !crypto.subtle) {
      return Promise.resolve(false);
    }
    return crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])
      .then(function () { return true; }, function () { return false; });
  }

  // Seals `plaintext` to the 32-byte public key `recipient` with `info` and `aad` (Uint8Arrays):
  // resolves to `enc || ciphertext || tag`. `ephemeral` (a CryptoKeyPair) is for the RFC's test
  // vectors only; otherwise a fresh key pair is made.
  function hpkeSeal(recipient, info, aad, plaintext, ephemeral) {
    var pair, enc, key, nonce;
    var made = ephemeral ? Promise.resolve(ephemeral)
      : crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
    return made.then(function (p) {
      pair = p;
      return crypto.subtle.exportKey('raw', pair.publicKey);
    }).then(function (raw) {
      enc = new Uint8Array(raw);
      return crypto.subtle.importKey('raw', recipient, { name: 'X25519' }, false, []);
    }).then(function (publicKey) {
      return crypto.subtle.deriveBits({ name: 'X25519', public: publicKey }, pair.privateKey, 256);
    }).then(function (dh) {
      dh = new Uint8Array(dh);
      if (dh.every(function (b) { return b === 0; })) {
        throw new Error('the public key is not usable');
      }
      return hpkeLabeledExtract(HPKE_KEM_SUITE, new Uint8Array(0), 'eae_prk', dh);
    }).then(function (prk) {
      return hpkeLabeledExpand(HPKE_KEM_SUITE, prk, 'shared_secret', hpkeConcat([enc, recipient]), 32);
    }).then(function (shared) {
      return Promise.all([
        hpkeLabeledExtract(HPKE_SUITE, new Uint8Array(0), 'psk_id_hash', new Uint8Array(0)),
        hpkeLabeledExtract(HPKE_SUITE, new Uint8Array(0), 'info_hash', info),
        hpkeLabeledExtract(HPKE_SUITE, shared, 'secret', new Uint8Array(0))
      ]);
    }).then(function (hashes) {
      var context = hpkeConcat([new Uint8Array([0]), hashes[0], hashes[1]]);
      return Promise.all([
        hpkeLabeledExpand(HPKE_SUITE, hashes[2], 'key', context, 16),
        hpkeLabeledExpand(HPKE_SUITE, hashes[2], 'base_nonce', context, 12)
      ]);
    }).then(function (derived) {
      key = derived[0];
      nonce = derived[1];
      return crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
    }).then(function (aesKey) {
      return crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, aesKey, plaintext);
    }).then(function (sealed) {
      return hpkeConcat([enc, new Uint8Array(sealed)]);
    });
  }
