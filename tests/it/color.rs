//! `--color auto|always|never` for messages on stderr.

use crate::support;

use support::{stderr, TestEnv};

#[test]
fn color_flag_overrides_terminal_detection_and_no_color() {
    let env = TestEnv::new();
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = env.cmd();
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        stderr(&cmd.args(args).output().unwrap())
    };
    // A bare key without a default bucket fails with `error:` (exit 3).
    let always = run(&["--color", "always", "presign", "k"], true);
    assert!(always.starts_with("\x1b[1;31merror:\x1b[0m "), "{always:?}");
    let never = run(&["--color", "never", "presign", "k"], false);
    assert!(
        never.starts_with("error: ") && !never.contains('\x1b'),
        "{never:?}"
    );
    // auto: stderr is a pipe here, so no colour.
    let auto = run(&["presign", "k"], false);
    assert!(!auto.contains('\x1b'), "{auto:?}");
}
