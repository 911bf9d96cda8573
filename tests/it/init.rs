//! `s3share init`: refuses without a terminal, and on a real pseudo-terminal asks for profile,
//! bucket, prefix and lifetime and writes the config file that `s3share config` then reads.

use crate::support;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;
use support::{stderr, stdout, TestEnv, ACCESS_KEY, SECRET_KEY};

/// Seconds any one expected prompt may take to show.
const TIMEOUT_MS: u64 = 10_000;
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

fn config_path(env: &TestEnv) -> std::path::PathBuf {
    env.home().join(".config/s3share/config.toml")
}

/// Starts `s3share init` on a pseudo-terminal with `configure` applied to the environment.
fn spawn_init(env: &TestEnv, configure: impl FnOnce(&mut std::process::Command)) -> PtySession {
    use std::os::unix::process::CommandExt;
    let mut cmd = env.std_cmd();
    cmd.arg("init");
    configure(&mut cmd);
    // SAFETY: runs in the child between fork and exec, and only calls tcgetattr, cfmakeraw and
    // tcsetattr, which are async-signal-safe.
    unsafe {
        cmd.pre_exec(keys_mode);
    }
    rexpect::session::spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn s3share init on a pty")
}

/// Waits for `text` on the terminal; on a timeout the panic shows what the screen had.
fn expect(session: &mut PtySession, text: &str) -> String {
    session
        .exp_string(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
}

/// Puts the terminal on stdin (the pseudo-terminal, in the child) into the mode a prompt reads
/// keys in: raw, with output processing kept. A prompt switches to that mode for each key and
/// back to the mode it found after it, so from now on it never leaves it. Keys typed between two
/// reads then wait for the next one unchanged, instead of meeting the line discipline (a
/// backspace eaten as an edit, Ctrl-C turned into a signal), and tests type without pauses.
fn keys_mode() -> std::io::Result<()> {
    // SAFETY: `termios` is plain data that tcgetattr fills in before it is read.
    unsafe {
        let mut termios: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut termios) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let output = termios.c_oflag;
        libc::cfmakeraw(&mut termios);
        termios.c_oflag = output;
        if libc::tcsetattr(0, libc::TCSANOW, &termios) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Types `keys`; they wait on the terminal until the prompt reads them.
fn send(session: &mut PtySession, keys: &str) {
    session.send(keys).unwrap();
    session.flush().unwrap();
}

/// Waits for the end of the output and returns the exit code.
fn finish(session: PtySession) -> i32 {
    match end(session) {
        (WaitStatus::Exited(_, code), _) => code,
        (other, rest) => panic!("s3share init ended with {other:?}; last output: {rest}"),
    }
}

/// Waits for the end of the output; returns how the process ended and its last output.
fn end(mut session: PtySession) -> (WaitStatus, String) {
    let rest = session.exp_eof().unwrap_or_default();
    (session.process().wait().unwrap(), rest)
}

#[test]
fn without_a_terminal_it_refuses_and_names_the_other_ways() {
    let env = TestEnv::new();
    let output = env.run(&["init"]);
    support::assert_failure(&output, 2, "s3share init needs a terminal");
    let err = stderr(&output);
    assert!(
        err.contains("S3SHARE_BUCKET=… S3SHARE_PREFIX=… S3SHARE_EXPIRES=…"),
        "{err}"
    );
    let path = config_path(&env);
    assert!(err.contains("bucket = \"…\""), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(!path.exists(), "nothing may be written");
    assert!(
        !env.home().join(".config/s3share").exists(),
        "not even the directory"
    );
}

#[test]
fn on_a_terminal_it_asks_and_writes_the_config_file() {
    let env = TestEnv::new();
    // A profile with its own keys: the environment has none, so listing buckets proves that
    // init used the profile it offered.
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        "[profile tester]\nregion = us-east-1\n",
    )
    .unwrap();
    std::fs::write(
        env.home().join(".aws/credentials"),
        format!(
            "[tester]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .unwrap();
    let mut session = spawn_init(&env, |cmd| {
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
    });

    expect(&mut session, "AWS profile");
    expect(&mut session, "tester");
    send(&mut session, DOWN);
    send(&mut session, ENTER);
    expect(&mut session, "Default bucket");
    expect(&mut session, "type another");
    send(&mut session, ENTER); // `bkt`, the first (and only) bucket listed
    expect(&mut session, "Prefix");
    send(&mut session, "team/\r");
    expect(&mut session, "Default link lifetime");
    send(&mut session, "8d\r");
    expect(&mut session, "longer than 7d");
    send(&mut session, "2h\r");
    expect(&mut session, "Wrote");
    assert_eq!(finish(session), 0);

    let written = std::fs::read_to_string(config_path(&env)).unwrap();
    assert_eq!(
        written,
        "bucket = \"bkt\"\nprefix = \"team/\"\nexpires = \"2h\"\nprofile = \"tester\"\n"
    );
    let output = env.run(&["config"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("bucket = bkt  (config file)"), "{text}");
    assert!(text.contains("prefix = team/  (config file)"), "{text}");
    assert!(text.contains("expires = 2h  (config file)"), "{text}");
}

#[test]
fn an_existing_file_is_updated_in_place_after_asking() {
    let env = TestEnv::new();
    let path = config_path(&env);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // The endpoint comes from the file alone: listing buckets must use it.
    let before = format!(
        "# my S3 server\nendpoint_url = \"{}\"\nbucket = \"old-bucket\"\nprefix = \"old/\"\nconcurrency = 4\n",
        env.server.endpoint
    );
    std::fs::write(&path, &before).unwrap();
    let mut session = spawn_init(&env, |cmd| {
        cmd.env_remove("AWS_ENDPOINT_URL");
    });

    // No AWS profiles here: init says so and goes on with the default chain.
    expect(&mut session, "default credential chain");
    expect(&mut session, "Default bucket");
    expect(&mut session, "type another");
    send(&mut session, DOWN);
    send(&mut session, ENTER);
    expect(&mut session, "Default bucket");
    // The typed prompt starts with the current bucket; replace it.
    send(&mut session, &"\x7f".repeat("old-bucket".len()));
    send(&mut session, "s3://new-bucket/\r");
    expect(&mut session, "Prefix");
    send(&mut session, &"\x7f".repeat("old/".len()));
    send(&mut session, ENTER);
    expect(&mut session, "Default link lifetime");
    send(&mut session, ENTER); // the default, 1h
    expect(&mut session, "Update");
    send(&mut session, "y");
    expect(&mut session, "Wrote");
    assert_eq!(finish(session), 0);

    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        format!(
            "# my S3 server\nendpoint_url = \"{}\"\nbucket = \"new-bucket\"\nconcurrency = 4\nexpires = \"1h\"\n",
            env.server.endpoint
        )
    );
}

#[test]
fn when_buckets_cannot_be_listed_it_says_why_and_asks_for_a_name() {
    let env = TestEnv::new();
    let mut session = spawn_init(&env, |cmd| {
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
    });
    expect(
        &mut session,
        "Could not list buckets: no AWS credentials found",
    );
    expect(&mut session, "Default bucket");
    send(&mut session, "bkt\r");
    expect(&mut session, "Prefix");
    send(&mut session, ENTER);
    expect(&mut session, "Default link lifetime");
    send(&mut session, "30m\r");
    expect(&mut session, "Wrote");
    assert_eq!(finish(session), 0);
    assert_eq!(
        std::fs::read_to_string(config_path(&env)).unwrap(),
        "bucket = \"bkt\"\nexpires = \"30m\"\n"
    );
}

#[test]
fn declining_to_update_leaves_the_file_alone() {
    let env = TestEnv::new();
    let path = config_path(&env);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "bucket = \"bkt\"\n").unwrap();
    let mut session = spawn_init(&env, |_| {});
    expect(&mut session, "Default bucket");
    expect(&mut session, "type another");
    send(&mut session, ENTER);
    expect(&mut session, "Prefix");
    send(&mut session, ENTER);
    expect(&mut session, "Default link lifetime");
    send(&mut session, ENTER);
    expect(&mut session, "Update");
    send(&mut session, "n");
    expect(&mut session, "unchanged");
    assert_eq!(finish(session), 0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "bucket = \"bkt\"\n"
    );
}

#[test]
fn a_config_file_named_by_s3share_config_need_not_exist_yet() {
    let env = TestEnv::new();
    let path = env.home().join("team/s3share.toml");
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", &path)
        .arg("init")
        .output()
        .unwrap();
    // Not "cannot read config file": init is how that file comes to exist.
    support::assert_failure(&output, 2, "needs a terminal");
    assert!(stderr(&output).contains(&path.display().to_string()));

    let mut session = spawn_init(&env, |cmd| {
        cmd.env("S3SHARE_CONFIG", &path);
    });
    expect(&mut session, "type another");
    send(&mut session, ENTER);
    expect(&mut session, "Prefix");
    send(&mut session, ENTER);
    expect(&mut session, "Default link lifetime");
    send(&mut session, ENTER);
    expect(&mut session, "Wrote");
    assert_eq!(finish(session), 0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "bucket = \"bkt\"\nexpires = \"1h\"\n"
    );
}

#[test]
fn ctrl_c_at_a_prompt_writes_nothing_and_dies_of_sigint() {
    let env = TestEnv::new();
    let mut session = spawn_init(&env, |_| {});
    expect(&mut session, "type another");
    send(&mut session, "\x03");
    expect(&mut session, "interrupted: nothing written");
    match end(session) {
        (WaitStatus::Signaled(_, signal, _), _) => assert_eq!(signal as i32, libc::SIGINT),
        (other, rest) => panic!("expected death by SIGINT, got {other:?}; last output: {rest}"),
    }
    assert!(!config_path(&env).exists());
}
