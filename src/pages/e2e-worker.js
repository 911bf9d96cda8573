"use strict";
// Placeholder: the service worker of an encrypted share.
self.addEventListener("install", () => self.skipWaiting());
