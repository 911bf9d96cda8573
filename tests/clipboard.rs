//! `--copy` for real: an X server (Xvfb) and `xclip` reading back what s3share copied.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    fn start() -> Xvfb {
        let display = format!(":{}", 100 + std::process::id() % 800);
        let child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let deadline = Instant::now() + Duration::from_secs(10);
        let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
        while !std::path::Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Xvfb { child, display }
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
        eprintln!("skipped: Xvfb and xclip are needed (apt-get install xvfb xclip)");
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
