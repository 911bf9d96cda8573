//! `--copy` for real: an X server (Xvfb) and `xclip` reading back what s3share copied.

use crate::support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::{stderr, stdout, TestEnv};

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A private X server, killed on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on a free display and waits until it accepts clients.
    ///
    /// `-displayfd 1` makes Xvfb pick an unused display number and write it to its stdout only
    /// once it is ready; waiting for a socket file instead raced with a slow start (and with
    /// stale sockets) and made the test flaky on a loaded CI machine.
    fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut ready = BufReader::new(child.stdout.take().expect("Xvfb stdout"));
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = ready.read_line(&mut line);
            // Keep the pipe open for as long as Xvfb runs, so it never writes into a closed one.
            let _ = sender.send(line);
            let _ = std::io::copy(&mut ready, &mut std::io::sink());
        });
        let number = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("Xvfb did not become ready within 30 s");
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb exited before it was ready");
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }

    fn clipboard(&self) -> String {
        let output = Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .output()
            .expect("run xclip");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn copy_puts_the_links_on_the_x11_clipboard() {
    if !installed("Xvfb") || !installed("xclip") {
        assert!(
            std::env::var_os("CI").is_none(),
            "Xvfb and xclip are missing in CI; .ci/run installs them"
        );
        eprintln!("note: Xvfb and xclip are needed here (apt-get install xvfb xclip); not run");
        return;
    }
    let env = TestEnv::new();
    let xvfb = Xvfb::start();
    let output = env
        .cmd()
        .env("DISPLAY", &xvfb.display)
        .args(["presign", "--copy", "s3://bkt/a.txt", "s3://bkt/b.txt"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Copied the links to the clipboard"),
        "{}",
        stderr(&output)
    );
    // The clipboard holds the printed links after s3share itself has exited.
    assert_eq!(xvfb.clipboard(), stdout(&output).trim_end());
}

#[test]
fn copy_without_a_display_warns_and_still_prints_the_link() {
    let env = TestEnv::new();
    let output = env.run(&["presign", "--copy", "s3://bkt/a.txt"]);
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("http://"));
    assert!(
        stderr(&output).contains("warning: could not copy to the clipboard"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn osc_52_is_said_to_be_sent_not_to_have_worked() {
    // Without a display, on a terminal: s3share can only send the escape sequence, and the
    // terminal may ignore it.
    let env = TestEnv::new();
    let mut cmd = env.std_cmd();
    cmd.args(["presign", "--copy", "s3://bkt/a.txt"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    session
        .exp_string("Sent the link to the terminal's clipboard (OSC 52")
        .unwrap();
    session.exp_eof().unwrap();
}

#[test]
fn copy_and_qr_say_when_there_is_no_link() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    for flag in ["--copy", "--qr"] {
        let output = env.run(&["get", flag, "s3://bkt/a.txt", "-o", "-"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!(
                "warning: {flag} did nothing: this command printed no link"
            )),
            "{}",
            stderr(&output)
        );
    }
}
