//! An embedded S3 server for tests and the demo: s3s-fs on a random loopback port, storing into a
//! temporary directory, verifying SigV4 signatures with one fixed key pair.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::thread;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tokio::sync::oneshot;

/// The access key id the server accepts.
pub const ACCESS_KEY: &str = "AKIAS3SHARETEST00001";
/// The secret key the server accepts; tests assert it never appears in any output.
pub const SECRET_KEY: &str = "s3shareTestSecret/Key+NeverPrint0000000001";

/// A running s3s-fs server; stops when dropped.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    /// The socket address it listens on.
    pub addr: SocketAddr,
    root: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl S3Server {
    /// Starts a server on a random loopback port with an empty root directory.
    pub fn start() -> S3Server {
        let root = tempfile::tempdir().expect("temp dir for the S3 server");
        let root_path = root.path().to_owned();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (shutdown_tx, mut shutdown_rx) = oneshot::channel::<()>();
        let thread = thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let fs = s3s_fs::FileSystem::new(&root_path).expect("s3s-fs root");
                let mut builder = S3ServiceBuilder::new(fs);
                builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
                let s3 = builder.build();
                // Each request body in small frames: see `SmallFrames`.
                let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let s3 = s3.clone();
                    async move {
                        s3.call(request.map(|body| s3s::Body::http_body_unsync(SmallFrames::new(body))))
                            .await
                    }
                });
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
                addr_tx.send(listener.local_addr().expect("addr")).expect("report addr");
                let http = ConnBuilder::new(TokioExecutor::new());
                loop {
                    tokio::select! {
                        accepted = listener.accept() => {
                            let Ok((socket, _)) = accepted else { continue };
                            // As S3 and other servers do: a small response is not held back
                            // waiting for the client's delayed ACK (40 ms on Linux).
                            let _ = socket.set_nodelay(true);
                            let conn = http.serve_connection(TokioIo::new(socket), service.clone()).into_owned();
                            tokio::spawn(async move { let _ = conn.await; });
                        }
                        _ = &mut shutdown_rx => break,
                    }
                }
            });
        });
        let addr = addr_rx.recv().expect("server started");
        S3Server {
            endpoint: format!("http://{addr}"),
            addr,
            root,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        }
    }

    /// The directory the server stores buckets in.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// Creates a bucket (a directory under the root).
    pub fn create_bucket(&self, name: &str) {
        std::fs::create_dir_all(self.root().join(name)).expect("create bucket dir");
    }

    /// The file an object is stored in.
    pub fn object_path(&self, bucket: &str, key: &str) -> PathBuf {
        self.root().join(bucket).join(key)
    }

    /// Files in the root that belong to unfinished multipart uploads.
    /// Waits until no write is under way on the server (s3s-fs writes each object and part to a
    /// `.tmp.…` file first), so what a late request leaves is there to see.
    pub fn wait_for_writes(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let writing = std::fs::read_dir(self.root())
                .expect("read root")
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with(".tmp."));
            if !writing || std::time::Instant::now() > deadline {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    pub fn multipart_leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.root())
            .expect("read root")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".upload"))
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The largest frame of a request body s3s sees.
const FRAME: usize = 16 * 1024;

/// A request body handed on in frames of at most [`FRAME`] bytes. s3s 0.14.1 reads a browser
/// form's file part by looking for the boundary after each `\r`; when a frame ends in the middle
/// of what could be one, it holds the rest together with the whole next frame, and refuses the
/// POST (InvalidRequest, "failed to read file stream") once that passes 64 KiB. Ciphertext ends
/// a frame with `\r` once in 256 frames, so larger encrypted POSTs failed now and then. Frames
/// this small never reach the limit; the bytes are the same.
struct SmallFrames {
    inner: hyper::body::Incoming,
    pending: bytes::Bytes,
}

impl SmallFrames {
    fn new(inner: hyper::body::Incoming) -> SmallFrames {
        SmallFrames {
            inner,
            pending: bytes::Bytes::new(),
        }
    }

    fn next_piece(&mut self) -> http_body::Frame<bytes::Bytes> {
        let n = self.pending.len().min(FRAME);
        http_body::Frame::data(self.pending.split_to(n))
    }
}

impl http_body::Body for SmallFrames {
    type Data = bytes::Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, hyper::Error>>> {
        use std::task::Poll;
        let this = &mut *self;
        if !this.pending.is_empty() {
            return Poll::Ready(Some(Ok(this.next_piece())));
        }
        match std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => {
                    this.pending = data;
                    Poll::Ready(Some(Ok(this.next_piece())))
                }
                Err(other) => Poll::Ready(Some(Ok(other))),
            },
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.pending.is_empty() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let inner = self.inner.size_hint();
        let pending = self.pending.len() as u64;
        let mut hint = http_body::SizeHint::new();
        hint.set_lower(inner.lower() + pending);
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper + pending);
        }
        hint
    }
}
