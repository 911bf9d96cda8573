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
                let service = builder.build();
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
