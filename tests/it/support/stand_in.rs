//! A stand-in for S3 where s3s-fs cannot reproduce a case: it answers every request with one
//! fixed response, e.g. an S3 XML error body exactly as AWS documents it.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;

/// A one-request-at-a-time HTTP server answering every request with `response` (a status line
/// and headers, then `body`); returns its address.
pub fn plain_server(status: &'static str, headers: &'static str, body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut socket in listener.incoming().flatten() {
            let mut request = Vec::new();
            let mut buf = [0u8; 64 * 1024];
            // Read the head and whatever body the Content-Length announces.
            let (head_end, length) = loop {
                let Ok(n) = socket.read(&mut buf) else {
                    break (0, 0);
                };
                if n == 0 {
                    break (0, 0);
                }
                request.extend_from_slice(&buf[..n]);
                if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    break (end + 4, length);
                }
            };
            while request.len() < head_end + length {
                match socket.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let _ = write!(
                socket,
                "HTTP/1.1 {status}\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(body);
        }
    });
    format!("http://{addr}")
}
