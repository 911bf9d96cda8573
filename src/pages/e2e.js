"use strict";
// Placeholder: the page script of an encrypted share (decrypts in the browser).
document.getElementById("status").textContent = "This page needs a newer s3share.";
