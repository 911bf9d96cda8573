//! `s3share cdn init`, `cdn status`, `cdn rotate` and the invalidation `revoke` makes, against
//! moto's server (CloudFront's control plane and S3 bucket policies; `support::moto`).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::moto::Moto;
use crate::support::{assert_failure, private_environment, stderr, stdout};

const BUCKET: &str = "media";

/// moto, a private home whose config file names the bucket, and s3share pointed at both.
struct World {
    moto: Moto,
    home: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl World {
    fn new() -> Option<World> {
        let moto = Moto::start()?;
        moto.create_bucket(BUCKET);
        let world = World {
            moto,
            home: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(world.config_dir()).unwrap();
        std::fs::write(world.config(), format!("bucket = \"{BUCKET}\"\n")).unwrap();
        Some(world)
    }

    fn config_dir(&self) -> PathBuf {
        self.home.path().join(".config/s3share")
    }

    fn config(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    fn key_file(&self) -> PathBuf {
        self.config_dir().join(format!("cloudfront-{BUCKET}.pem"))
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3share"));
        private_environment(&mut cmd, self.home.path(), self.data.path());
        let output = cmd
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test-secret-never-printed")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &self.moto.endpoint)
            .args(args)
            .output()
            .unwrap();
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains("test-secret-never-printed"), "{text}");
            assert!(!text.contains("PRIVATE KEY"), "{text}");
        }
        output
    }

    fn ok(&self, args: &[&str]) -> Output {
        let output = self.run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        output
    }

    /// How many of each CloudFront resource moto holds: keys, key groups, OACs, distributions.
    fn counts(&self) -> [usize; 4] {
        [
            "public-key",
            "key-group",
            "origin-access-control",
            "distribution",
        ]
        .map(|what| self.moto.count(what))
    }

    fn config_text(&self) -> String {
        std::fs::read_to_string(self.config()).unwrap()
    }
}

/// A `key = "value"` of the config file.
fn config_value(text: &str, key: &str) -> String {
    let doc: toml::Table = text.parse().unwrap();
    doc["cdn"][key].as_str().unwrap().to_owned()
}

#[test]
fn cdn_init_dry_run_creates_nothing_and_shows_the_plan_and_the_policy_change() {
    let Some(world) = World::new() else { return };
    let output = world.ok(&["cdn", "init", "--dry-run"]);
    assert_eq!(world.counts(), [0, 0, 0, 0]);
    assert!(!world.key_file().exists());
    assert!(!world.config_text().contains("[cdn]"));
    let plan = stderr(&output);
    for step in [
        "Would generate an ECDSA P-256 key pair",
        "CreatePublicKey",
        "CreateKeyGroup",
        "CreateOriginAccessControl",
        "CreateDistribution",
        "PutBucketPolicy",
        "Would write [cdn]",
    ] {
        assert!(plan.contains(step), "{step}: {plan}");
    }
    let diff = stdout(&output);
    assert!(
        diff.contains("+       \"Sid\": \"S3shareCloudFrontRead\""),
        "{diff}"
    );
    assert!(diff.contains("cloudfront.amazonaws.com"), "{diff}");
    assert!(world.moto.policy_is_none(BUCKET));

    // With --json: one JSON object, the diff inside it.
    let json = stdout(&world.ok(&["cdn", "init", "--dry-run", "--json"]));
    assert_eq!(json.lines().count(), 1, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["dry_run"], true);
    assert!(json["policy_diff"]
        .to_string()
        .contains("S3shareCloudFrontRead"));
    assert_eq!(world.counts(), [0, 0, 0, 0]);
}

#[test]
fn cdn_init_creates_exactly_what_it_says_and_a_second_run_nothing() {
    let Some(world) = World::new() else { return };
    let output = world.ok(&["cdn", "init"]);
    let said = stderr(&output);
    assert_eq!(world.counts(), [1, 1, 1, 1], "{said}");
    for step in [
        "Generated an ECDSA P-256 key pair",
        "Created public key",
        "Created key group",
        "Created origin access control",
        "Created distribution",
        "PutBucketPolicy",
        "Wrote [cdn]",
    ] {
        assert!(said.contains(step), "{step}: {said}");
    }
    assert!(stdout(&output).is_empty());

    // The private key: in the config directory, the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(world.key_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = world.config_text();
    assert!(
        text.starts_with(&format!("bucket = \"{BUCKET}\"")),
        "{text}"
    );
    let url = config_value(&text, "url");
    let key_id = config_value(&text, "key_id");
    assert!(
        url.starts_with("https://") && url.ends_with(".cloudfront.net"),
        "{url}"
    );
    assert_eq!(
        Path::new(&config_value(&text, "private_key")),
        world.key_file()
    );
    assert!(said.contains(&key_id), "{said}");

    // What moto holds is what was said: the key in the group, the group trusted, HTTPS only,
    // the bucket behind the OAC, and the bucket policy naming the distribution.
    let distributions = world.moto.cloudfront("distribution");
    assert!(distributions.contains("<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>"));
    let groups = world.moto.cloudfront("key-group");
    assert!(
        groups.contains(&format!("<PublicKey>{key_id}</PublicKey>")),
        "{groups}"
    );
    let id = between(&distributions, "<Id>", "</Id>");
    let one = world.moto.cloudfront(&format!("distribution/{id}"));
    let group_id = between(&groups, "<Id>", "</Id>");
    assert!(
        one.contains(&format!("<KeyGroup>{group_id}</KeyGroup>")),
        "{one}"
    );
    assert!(one.contains("<OriginAccessControlId>"), "{one}");
    assert!(one.contains(&format!(
        "<DomainName>{BUCKET}.s3.us-east-1.amazonaws.com</DomainName>"
    )));
    let policy = world.moto.policy(BUCKET);
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringEquals"]["AWS:SourceArn"],
        format!("arn:aws:cloudfront::123456789012:distribution/{id}")
    );

    // The public key CloudFront holds is the private key's, as openssl derives it.
    let derived = std::process::Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(world.key_file())
        .output();
    if let Some(derived) = derived.ok().filter(|o| o.status.success()) {
        let keys = world.moto.cloudfront(&format!("public-key/{key_id}"));
        let pem = String::from_utf8(derived.stdout).unwrap();
        assert!(keys.contains(pem.trim()), "{keys}\n{pem}");
    }

    // Again: nothing new, nothing rewritten.
    let key_before = std::fs::read(world.key_file()).unwrap();
    let again = world.ok(&["cdn", "init"]);
    assert_eq!(world.counts(), [1, 1, 1, 1], "{}", stderr(&again));
    assert!(!stderr(&again).contains("Created"), "{}", stderr(&again));
    assert!(stderr(&again).contains("already"), "{}", stderr(&again));
    assert_eq!(std::fs::read(world.key_file()).unwrap(), key_before);
    assert_eq!(world.config_text(), text);
}

#[test]
fn cdn_init_keeps_every_statement_already_in_the_bucket_policy() {
    let Some(world) = World::new() else { return };
    let theirs = serde_json::json!({
        "Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    });
    world.moto.put_policy(
        BUCKET,
        &serde_json::json!({"Version": "2012-10-17", "Statement": [theirs]}).to_string(),
    );
    world.ok(&["cdn", "init"]);
    world.ok(&["cdn", "init"]);
    let statements = world.moto.policy(BUCKET)["Statement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(statements.len(), 2, "{statements:?}");
    assert_eq!(statements[0], theirs);
    assert_eq!(statements[1]["Sid"], "S3shareCloudFrontRead");
}

#[test]
fn cdn_status_says_deployed_and_that_the_key_is_trusted() {
    let Some(world) = World::new() else { return };
    let before = world.run(&["cdn", "status"]);
    assert_eq!(before.status.code(), Some(3), "{}", stderr(&before));
    assert!(stderr(&before).contains("cdn init"), "{}", stderr(&before));

    world.ok(&["cdn", "init"]);
    let key_id = config_value(&world.config_text(), "key_id");
    let text = stdout(&world.ok(&["cdn", "status"]));
    assert!(text.contains("Deployed"), "{text}");
    assert!(
        text.contains(&key_id) && text.contains("trusted, matches the private key"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&world.ok(&["cdn", "status", "--json"]))).unwrap();
    assert_eq!(json["key_id"], key_id.as_str());
    assert_eq!(json["key_trusted"], true);
    assert_eq!(json["key_matches"], true);
    assert!(json["domain"]
        .as_str()
        .unwrap()
        .ends_with(".cloudfront.net"));
}

#[test]
fn cdn_init_with_key_takes_an_rsa_key_and_refuses_what_cloudfront_would_not() {
    let Some(world) = World::new() else { return };
    let missing = world.run(&["cdn", "init", "--key", "nope.pem"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert_eq!(
        stderr(&missing)
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1
    );
    let junk = world.home.path().join("junk.pem");
    std::fs::write(&junk, "not a key\n").unwrap();
    let wrong = world.run(&["cdn", "init", "--key", junk.to_str().unwrap()]);
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).contains("not a PEM private key"),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(world.counts(), [0, 0, 0, 0]);

    let rsa = world.home.path().join("rsa.pem");
    let made = std::process::Command::new("openssl")
        .args(["genrsa", "-traditional", "-out"])
        .arg(&rsa)
        .arg("2048")
        .output();
    if !made.is_ok_and(|o| o.status.success()) {
        eprintln!("skipping the RSA half: no openssl");
        return;
    }
    let said = stderr(&world.ok(&["cdn", "init", "--key", rsa.to_str().unwrap()]));
    assert!(said.contains("RSA-2048"), "{said}");
    assert_eq!(
        Path::new(&config_value(&world.config_text(), "private_key")),
        rsa.as_path()
    );
    assert!(!world.key_file().exists());
    assert_eq!(world.counts(), [1, 1, 1, 1]);
}

#[test]
fn cdn_init_attaches_to_a_named_distribution_and_refuses_an_unknown_one() {
    let Some(world) = World::new() else { return };
    let unknown = world.run(&["cdn", "init", "--distribution", "E0NOSUCHDIST"]);
    assert_eq!(unknown.status.code(), Some(4), "{}", stderr(&unknown));
    assert!(
        stderr(&unknown).contains("E0NOSUCHDIST"),
        "{}",
        stderr(&unknown)
    );

    world.ok(&["cdn", "init"]);
    let distributions = world.moto.cloudfront("distribution");
    let id = between(&distributions, "<Id>", "</Id>").to_owned();
    // A second bucket's setup, attached to the first one's distribution: no new distribution.
    world.moto.create_bucket("other");
    std::fs::write(world.config(), "bucket = \"other\"\n").unwrap();
    let said = stderr(&world.ok(&["cdn", "init", "--distribution", &id]));
    assert!(said.contains("Attaching to distribution"), "{said}");
    assert_eq!(world.moto.count("distribution"), 1);
    assert_eq!(world.moto.count("key-group"), 2);
    let one = world.moto.cloudfront(&format!("distribution/{id}"));
    assert_eq!(one.matches("<KeyGroup>").count(), 2, "{one}");
    let policy = world.moto.policy("other");
    assert!(policy.to_string().contains(&id));
    // Run again without --distribution: the configured one is found, none created.
    let again = stderr(&world.ok(&["cdn", "init"]));
    assert!(!again.contains("Created"), "{again}");
    assert_eq!(world.moto.count("distribution"), 1);
}

/// The text between the first `start` and the `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

#[test]
fn revoke_of_a_cdn_link_deletes_the_copy_and_invalidates_its_path() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    world.moto.put_object(BUCKET, "report.pdf", b"the report");
    let link = stdout(&world.ok(&["share", "report.pdf", "--revocable", "--expires", "90d"]));
    let link = link.trim();
    let url = config_value(&world.config_text(), "url");
    assert!(
        link.starts_with(&format!("{url}/.s3share/revocable/")),
        "{link}"
    );
    let copy = link[url.len() + 1..].split('?').next().unwrap().to_owned();
    let folder = &copy[..copy.rfind('/').unwrap() + 1];
    assert!(world.moto.has_object(BUCKET, &copy));

    let id = between(&world.moto.cloudfront("distribution"), "<Id>", "</Id>").to_owned();
    assert_eq!(
        world.moto.count(&format!("distribution/{id}/invalidation")),
        0
    );
    let said = stderr(&world.ok(&["revoke", link]));
    assert!(!world.moto.has_object(BUCKET, &copy));
    assert!(said.contains("Invalidated"), "{said}");
    let invalidations = world
        .moto
        .cloudfront(&format!("distribution/{id}/invalidation"));
    assert_eq!(
        world.moto.count(&format!("distribution/{id}/invalidation")),
        1,
        "{invalidations}"
    );
    let invalidation = between(&invalidations, "<Id>", "</Id>");
    let one = world
        .moto
        .cloudfront(&format!("distribution/{id}/invalidation/{invalidation}"));
    assert!(one.contains(&format!("<Path>/{folder}*</Path>")), "{one}");
}

#[test]
fn revoke_of_a_cdn_link_made_elsewhere_deletes_it_from_the_configured_bucket() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    world.moto.put_object(BUCKET, "report.pdf", b"the report");
    let link = stdout(&world.ok(&["share", "report.pdf", "--revocable"]));
    let link = link.trim();
    let url = config_value(&world.config_text(), "url");
    let copy = link[url.len() + 1..].split('?').next().unwrap().to_owned();
    // As on another machine: no history of the link.
    std::fs::remove_file(world.data.path().join("s3share/history.jsonl")).unwrap();
    let said = stderr(&world.ok(&["revoke", link]));
    assert!(!world.moto.has_object(BUCKET, &copy), "{said}");
    assert!(said.contains("Invalidated"), "{said}");
    // A link to the object itself cannot be taken back one by one: it says what can.
    let plain = stdout(&world.ok(&["share", "report.pdf"]));
    let output = world.run(&["revoke", plain.trim()]);
    assert_failure(&output, 2, "cannot be taken back one by one");
    assert!(stderr(&output).contains("cdn rotate --grace 0s"));
    assert!(world.moto.has_object(BUCKET, "report.pdf"));
}

#[test]
fn revoke_of_an_s3_link_creates_no_invalidation() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    world.moto.put_object(BUCKET, "a.txt", b"a");
    let link = stdout(&world.ok(&["share", "a.txt", "--revocable", "--via", "s3"]));
    let said = stderr(&world.ok(&["revoke", link.trim()]));
    assert!(!said.contains("Invalidated"), "{said}");
    let id = between(&world.moto.cloudfront("distribution"), "<Id>", "</Id>").to_owned();
    assert_eq!(
        world.moto.count(&format!("distribution/{id}/invalidation")),
        0
    );
}

/// The public keys a key group listing names.
fn group_keys(world: &World) -> Vec<String> {
    let xml = world.moto.cloudfront("key-group");
    xml.split("<PublicKey>")
        .skip(1)
        .map(|rest| rest[..rest.find('<').unwrap()].to_owned())
        .collect()
}

#[test]
fn cdn_rotate_switches_to_a_new_key_and_removes_the_old_one_after_the_grace() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    let old = config_value(&world.config_text(), "key_id");
    world.moto.put_object(BUCKET, "a.txt", b"a");

    let said = stderr(&world.ok(&["cdn", "rotate", "--grace", "2s"]));
    let new = config_value(&world.config_text(), "key_id");
    let new_file = PathBuf::from(config_value(&world.config_text(), "private_key"));
    assert_ne!(new, old, "{said}");
    assert!(new_file.starts_with(world.config_dir()) && new_file != world.key_file());
    assert_eq!(group_keys(&world), [old.clone(), new.clone()], "{said}");
    assert!(
        said.contains(&format!("Old key {old} still works")),
        "{said}"
    );
    let link = stdout(&world.ok(&["share", "a.txt", "--expires", "1y"]));
    assert!(link.contains(&format!("Key-Pair-Id={new}")), "{link}");
    let status: serde_json::Value =
        serde_json::from_str(&stdout(&world.ok(&["cdn", "status", "--json"]))).unwrap();
    assert_eq!(status["key_matches"], true);

    // Within the grace: nothing changes.
    let early = stderr(&world.ok(&["cdn", "rotate"]));
    assert!(early.contains("is retiring"), "{early}");
    assert_eq!(group_keys(&world), [old.clone(), new.clone()]);
    assert_eq!(config_value(&world.config_text(), "key_id"), new);

    // After it: the old key leaves the group and CloudFront, and its file goes.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let late = stderr(&world.ok(&["cdn", "rotate"]));
    assert!(late.contains(&format!("Removed old key {old}")), "{late}");
    assert_eq!(group_keys(&world), std::slice::from_ref(&new));
    assert_eq!(world.moto.count("public-key"), 1);
    assert!(!world.key_file().exists());
    assert!(new_file.exists());
    assert_eq!(config_value(&world.config_text(), "key_id"), new);
}

#[test]
fn cdn_rotate_with_no_grace_removes_the_old_key_at_once() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    let old = config_value(&world.config_text(), "key_id");
    let said = stderr(&world.ok(&["cdn", "rotate", "--grace", "0s"]));
    let new = config_value(&world.config_text(), "key_id");
    assert!(said.contains(&format!("Removed old key {old}")), "{said}");
    assert_eq!(group_keys(&world), [new]);
    assert_eq!(world.moto.count("public-key"), 1);
    // The next rotation starts afresh.
    world.ok(&["cdn", "rotate", "--grace", "0s"]);
    assert_eq!(world.moto.count("public-key"), 1);
}

#[test]
fn cdn_status_fails_when_the_configured_key_is_not_trusted_and_init_needs_a_bucket() {
    let Some(world) = World::new() else { return };
    world.ok(&["cdn", "init"]);
    let text = world.config_text();
    let key_id = config_value(&text, "key_id");
    std::fs::write(world.config(), text.replace(&key_id, "K0NOTINTHEGROUP")).unwrap();
    let output = world.run(&["cdn", "status", "--json"]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["key_trusted"], false);
    assert!(
        stderr(&output).starts_with("error: the configured key"),
        "{}",
        stderr(&output)
    );

    std::fs::write(world.config(), "").unwrap();
    let output = world.run(&["cdn", "init"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("default bucket"),
        "{}",
        stderr(&output)
    );
}
