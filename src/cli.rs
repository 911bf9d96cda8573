//! The command line, as clap parses it. Nothing here decides anything: `settings` resolves these
//! raw values against the environment and the config file.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cdn::Via;
use crate::expiry::parse_lifetime;
use crate::output::{ColorChoice, OutputOptions};
use crate::s3::post_policy::MAX_POST_SIZE;
use crate::s3::presign::Method;
use crate::s3::sse::Sse;
use crate::settings::{parse_size, Flags, SseFlags};

/// Share files through S3: presigned links, uploads and downloads.
#[derive(Debug, Parser)]
#[command(name = "s3share", version, about)]
#[command(after_long_help = crate::help::long_help_epilogue())]
#[command(propagate_version = true, max_term_width = 100)]
// A later flag replaces an earlier one, so an alias can carry defaults the command line overrides
// (`alias shr='s3share share --expires 2d'`, then `shr x --expires 10m`).
#[command(args_override_self = true)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region to sign for [env: AWS_REGION]
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Use path-style addressing (automatic for IP and localhost endpoints)
    #[arg(long, global = true)]
    pub path_style: bool,

    /// Print one JSON object per line instead of bare URLs
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Copy the link(s) to the clipboard as well
    #[arg(long, global = true)]
    pub copy: bool,

    /// Also draw each link as a QR code on stderr, for a phone to scan
    #[arg(long, global = true)]
    pub qr: bool,

    /// Never show progress bars
    #[arg(long, global = true)]
    pub no_progress: bool,

    /// Show the cause of errors and what s3share is doing
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Refuse to print a link that temporary credentials would cut short (exit 3)
    #[arg(long, global = true)]
    pub strict: bool,

    /// Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)
    #[arg(long, global = true)]
    pub no_mask: bool,

    /// When to colour messages on stderr [env: NO_COLOR turns it off for auto]
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet).
    #[arg(long, global = true, hide = true, num_args = 0..=1, default_missing_value = "",
          value_name = "NAME", value_parser = no_bucket_flag)]
    pub bucket: Option<String>,
}

/// `--bucket`, which people try first: say how a bucket is chosen instead.
fn no_bucket_flag(_: &str) -> Result<String, String> {
    Err(
        "there is no --bucket option: name the bucket in the location (s3://BUCKET/KEY), \
         set S3SHARE_BUCKET for bare keys, or save a default bucket with `s3share init`"
            .to_owned(),
    )
}

/// `--color`: the names and help of [`ColorChoice`], which the output owns.
impl ValueEnum for ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ColorChoice::Auto => {
                PossibleValue::new("auto").help("When stderr is a terminal and NO_COLOR is not set")
            }
            ColorChoice::Always => {
                PossibleValue::new("always").help("Always, even into a pipe or file")
            }
            ColorChoice::Never => PossibleValue::new("never").help("Never"),
        })
    }
}

impl GlobalArgs {
    /// The flags that take part in settings.
    pub fn settings_flags(&self) -> Flags {
        Flags {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            path_style: self.path_style,
            strict: self.strict,
        }
    }

    /// The flags that shape the output.
    pub fn output_options(&self) -> OutputOptions {
        OutputOptions {
            json: self.json,
            quiet: self.quiet,
            copy: self.copy,
            qr: self.qr,
            no_progress: self.no_progress,
            no_mask: self.no_mask,
            color: self.color,
            verbose: self.verbose,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mint presigned URLs offline, for one key or thousands
    #[command(after_long_help = PRESIGN_EXAMPLES)]
    Presign(PresignArgs),

    /// Hand out a download link for an object that exists, or an upload link
    #[command(after_long_help = SHARE_EXAMPLES)]
    Share(ShareArgs),

    /// Upload files and print a download link for each
    #[command(after_long_help = UPLOAD_EXAMPLES)]
    Upload(UploadArgs),

    /// Ask someone for files: one link to an upload page that works in any browser
    #[command(after_long_help = REQUEST_EXAMPLES)]
    Request(RequestArgs),

    /// Download from a presigned URL (no credentials needed) or an s3:// location
    #[command(after_long_help = GET_EXAMPLES)]
    Get(GetArgs),

    /// Explain a presigned URL offline: what, where, until when, and how to use it
    #[command(after_long_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),

    /// List the links you printed, newest first: live, expired or revoked
    #[command(after_long_help = LINKS_EXAMPLES)]
    Links(LinksArgs),

    /// Take back a link made with --revocable: its private copy is deleted
    Revoke(RevokeArgs),

    /// Your key for encrypted requests: show its fingerprint, export a backup, import one
    #[command(subcommand, after_long_help = KEY_EXAMPLES)]
    Key(KeyCommand),

    /// Set up the config file interactively: profile, bucket, prefix, link lifetime
    Init,

    /// Set up and look after a CloudFront distribution for links that last a year
    #[command(subcommand)]
    Cdn(CdnCommand),

    /// Show the effective settings and where each came from
    Config,

    /// Print shell completions
    Completions(CompletionsArgs),

    /// Print the man page (roff)
    Man,
}

const UPLOAD_EXAMPLES: &str = "\
Examples:
  s3share upload report.pdf --expires 1h --copy
  s3share upload dist/*.tar.gz --to s3://bucket/releases/v1.2/
  tar cz src | s3share upload - --key backups/src.tar.gz
  s3share upload --url 'https://…presigned PUT…' photo.jpg
  s3share upload --encrypt contract.pdf --expires 2d --copy   # key only in the link's #part";

const GET_EXAMPLES: &str = "\
Examples:
  s3share get 'https://bucket.s3.amazonaws.com/report.pdf?X-Amz-…'
  s3share get s3://bucket/builds/app.tar.gz -o /tmp/app.tar.gz
  s3share get s3://bucket/logs/today.log -o - | grep ERROR";

const PRESIGN_EXAMPLES: &str = "\
Examples:
  s3share presign s3://bucket/report.pdf --expires 2h
  s3share presign --method put --content-type image/png s3://bucket/in/photo.png
  s3share presign --method put --sse aws:kms --sse-kms-key-id alias/uploads s3://bucket/in/data.csv
  s3share presign --filename 'Q3 report.pdf' s3://bucket/r/q3.pdf
  aws s3 ls s3://bucket/logs/ | awk '{print \"s3://bucket/logs/\" $4}' | s3share presign -";

const SHARE_EXAMPLES: &str = "\
Examples:
  s3share share s3://bucket/build/app.tar.gz --expires 7d --copy
  s3share share --upload s3://bucket/incoming/logs.zip --expires 1h";

/// `--method`: the names and help of [`Method`], which the signing layer owns.
impl ValueEnum for Method {
    fn value_variants<'a>() -> &'a [Self] {
        &[Method::Get, Method::Put, Method::Head, Method::Delete]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (name, help) = match self {
            Method::Get => ("get", "Download the object"),
            Method::Put => ("put", "Upload (create or replace) the object"),
            Method::Head => ("head", "Read the object's metadata"),
            Method::Delete => ("delete", "Delete the object"),
        };
        Some(PossibleValue::new(name).help(help))
    }
}

/// How long a link lives.
#[derive(Debug, Args)]
pub struct ExpiryArgs {
    /// How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links
    /// any, e.g. 1y) [env: S3SHARE_EXPIRES]
    #[arg(short, long, value_name = "DURATION", value_parser = parse_lifetime, allow_hyphen_values = true)]
    pub expires: Option<Duration>,
}

/// Where download links point: `--via`.
#[derive(Debug, Args)]
pub struct ViaArgs {
    /// Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once
    /// one is configured
    #[arg(long, value_enum, value_name = "WHERE")]
    pub via: Option<Via>,
}

/// `--via`: the names and help of [`Via`], which the CDN layer owns.
impl ValueEnum for Via {
    fn value_variants<'a>() -> &'a [Self] {
        &[Via::S3, Via::Cdn]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (name, help) = match self {
            Via::S3 => ("s3", "A presigned S3 link (at most 7d)"),
            Via::Cdn => ("cdn", "A CloudFront signed URL (any lifetime)"),
        };
        Some(PossibleValue::new(name).help(help))
    }
}

/// How a downloaded file is presented by a browser.
#[derive(Debug, Args)]
pub struct DispositionArgs {
    /// Make browsers save the download under this file name
    #[arg(long, value_name = "NAME")]
    pub filename: Option<String>,

    /// Ask browsers to show the file instead of downloading it
    #[arg(long)]
    pub inline: bool,
}

/// `--sse`: the names and help of [`Sse`], which the S3 layer owns.
impl ValueEnum for Sse {
    fn value_variants<'a>() -> &'a [Self] {
        &[Sse::Aes256, Sse::Kms]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Sse::Aes256 => PossibleValue::new(self.as_header()).help("S3-managed keys (SSE-S3)"),
            Sse::Kms => PossibleValue::new(self.as_header())
                .help("AWS KMS keys (SSE-KMS): --sse-kms-key-id, else the AWS managed key aws/s3"),
        })
    }
}

/// Server-side encryption of uploads and PUT links.
#[derive(Debug, Args)]
pub struct SseArgs {
    /// Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it
    /// (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]
    #[arg(long, value_enum, ignore_case = true, value_name = "ALGORITHM")]
    pub sse: Option<Sse>,

    /// KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]
    #[arg(long, value_name = "ID")]
    pub sse_kms_key_id: Option<String>,
}

impl SseArgs {
    /// The flags as the settings take them.
    pub fn flags(&self) -> SseFlags {
        SseFlags {
            sse: self.sse,
            sse_kms_key_id: self.sse_kms_key_id.clone(),
        }
    }
}

/// Arguments of `s3share presign`.
#[derive(Debug, Args)]
pub struct PresignArgs {
    /// Objects as s3://BUCKET/KEY or bare KEYs in the default bucket; `-` reads them from stdin,
    /// one a line
    #[arg(value_name = "LOCATION", required = true)]
    pub locations: Vec<String>,

    /// HTTP method the link is for
    #[arg(short, long, value_enum, default_value_t = Method::Get)]
    pub method: Method,

    #[command(flatten)]
    pub via: ViaArgs,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Content-Type signed into a PUT link; the uploader must send exactly this
    #[arg(long, value_name = "MIME")]
    pub content_type: Option<String>,

    #[command(flatten)]
    pub sse: SseArgs,

    #[command(flatten)]
    pub disposition: DispositionArgs,

    /// Sign PUT and DELETE links into .s3share/, s3share's own space, too: such a link lets
    /// its holder replace or delete s3share's pages (refused without this flag)
    #[arg(long)]
    pub allow_own_space: bool,
}

/// Arguments of `s3share share`.
#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The object, as s3://BUCKET/KEY or a bare KEY in the default bucket
    #[arg(value_name = "LOCATION")]
    pub location: String,

    /// Hand out an upload (PUT) link instead of a download link
    #[arg(long, conflicts_with_all = ["filename", "inline"])]
    pub upload: bool,

    /// Point the link at a private copy that `s3share revoke` can delete, taking the link back
    #[arg(long, conflicts_with = "upload")]
    pub revocable: bool,

    /// Share a folder (s3://BUCKET/PREFIX/) end-to-end encrypted: its files are read and stored
    /// again encrypted, with their names, under a key that is only in the printed link's
    /// #fragment; `s3share revoke` deletes the encrypted copy
    #[arg(long, conflicts_with_all = ["upload", "revocable", "filename", "inline"])]
    pub encrypt: bool,

    #[command(flatten)]
    pub via: ViaArgs,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Content-Type signed into an upload link; the uploader must then send exactly it
    /// (default: none signed, any is accepted)
    #[arg(long, value_name = "MIME", requires = "upload")]
    pub content_type: Option<String>,

    #[command(flatten)]
    pub sse: SseArgs,

    #[command(flatten)]
    pub disposition: DispositionArgs,
}

/// Arguments of `s3share upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// Files or directories to upload (a directory goes under PREFIX/DIR-NAME/ with its tree);
    /// `-` reads stdin (streamed, needs --key)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Where to upload: s3://BUCKET/PREFIX/, a prefix in the default bucket, or the link to a
    /// file request page (s3share request) to send the files through it without credentials
    #[arg(long, value_name = "LOCATION", conflicts_with = "url")]
    pub to: Option<String>,

    /// The object key (one file only); default: the prefix plus the file name
    #[arg(long, value_name = "KEY", conflicts_with = "url")]
    pub key: Option<String>,

    /// Upload to this presigned PUT link instead (no credentials needed)
    // The link decides where and until when, and always replaces: the flags about links, keys,
    // replacing and walking folders do nothing there, so they are refused rather than ignored.
    #[arg(long, value_name = "URL", conflicts_with_all = [
        "force", "exclude", "hidden", "no_ignore", "share_folder", "revocable", "expires",
    ])]
    pub url: Option<String>,

    /// Replace an existing object
    #[arg(short, long)]
    pub force: bool,

    /// Content-Type of the object (default: guessed from the file name)
    #[arg(long, value_name = "MIME")]
    pub content_type: Option<String>,

    /// Leave out files and folders (in a directory) matching this gitignore-style glob; a
    /// folder that matches is not entered (`--exclude node_modules`); repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// In a directory, include hidden files and folders (names starting with `.`), which are
    /// skipped by default, as in fd
    #[arg(short = 'H', long)]
    pub hidden: bool,

    /// In a directory, include what .gitignore, .ignore and the global git excludes name,
    /// which is skipped by default, as in fd
    #[arg(short = 'I', long)]
    pub no_ignore: bool,

    /// For a directory: print one link to a folder page instead of a link per file
    #[arg(long)]
    pub share_folder: bool,

    /// Point each link at a private copy that `s3share revoke` can delete
    #[arg(long, conflicts_with = "share_folder")]
    pub revocable: bool,

    /// End-to-end encrypt each file (or one DIR, as one encrypted folder): bytes and names are
    /// stored encrypted under a key that is only in the printed link's #fragment, which
    /// browsers never send; the link opens a page that decrypts in the browser, and
    /// `s3share get LINK` decrypts too
    #[arg(long, conflicts_with_all = ["key", "url", "share_folder", "revocable"])]
    pub encrypt: bool,

    // With --url, the link decides: only these flags apply, not the configured default.
    #[command(flatten)]
    pub sse: SseArgs,

    #[command(flatten)]
    pub via: ViaArgs,

    #[command(flatten)]
    pub expiry: ExpiryArgs,
}

const REQUEST_EXAMPLES: &str = "\
Examples:
  s3share request s3://bucket/incoming/ --expires 2d --copy
  s3share request incoming/ --for alice --for bob        # a link each, alice/ and bob/ apart
  s3share request incoming/scans/ --max-size 500MiB --content-type application/pdf --qr
  s3share request incoming/tax/ --encrypt --expires 7d   # only your key opens what is sent
  s3share upload --to 'https://…page link…' report.pdf scans/*.png   # the recipient, in a terminal";

/// Arguments of `s3share request`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Where uploads go: s3://BUCKET/PREFIX/ or a bare PREFIX/ in the default bucket; each visit
    /// of the page uploads under a sub-folder of its own
    #[arg(value_name = "LOCATION", required_unless_present = "watch")]
    pub location: Option<String>,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    #[command(flatten)]
    pub watch: WatchArgs,

    /// Largest file accepted, e.g. 500MiB or 2GiB (default and most: 5GiB, S3's limit for one
    /// browser upload)
    #[arg(long, value_name = "SIZE", value_parser = parse_max_size)]
    pub max_size: Option<u64>,

    /// Accept only this Content-Type: application/pdf, or a prefix such as audio/*
    #[arg(long, value_name = "MIME")]
    pub content_type: Option<String>,

    /// Accept a --content-type that admits what a browser runs as a page (text/html,
    /// image/svg+xml, and so image/* or text/*); files are stored as attachments either way
    #[arg(long, requires = "content_type")]
    pub allow_active_content: bool,

    /// One page per recipient: NAME may upload only under PREFIX/NAME/; repeatable, one link per
    /// line
    #[arg(long = "for", value_name = "NAME")]
    pub recipients: Vec<String>,

    /// Encrypt what people send, in their browser, to your request key (made on first use,
    /// `s3share key`): the bucket gets only ciphertext under random names; `get` and
    /// `--watch --into` open it here. Losing the key loses the files
    #[arg(long, conflicts_with_all = ["content_type", "allow_active_content"])]
    pub encrypt: bool,
}

/// `request --watch` and what it does with each file that arrives.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Stay and report each file as it arrives, until the request expires, Ctrl-C or --count;
    /// with an ID or LINK (see `s3share links`), watch a request made earlier
    #[arg(long, value_name = "ID|LINK", num_args = 0..=1, default_missing_value = "")]
    pub watch: Option<String>,

    /// Download each file as it arrives into DIR (one folder per --for name); a restarted watch
    /// fetches nothing twice
    #[arg(long, value_name = "DIR", requires = "watch")]
    pub into: Option<PathBuf>,

    /// With --into: replace local files that s3share did not leave there
    #[arg(long, requires = "into")]
    pub force: bool,

    /// Stop after N files have arrived
    #[arg(long, value_name = "N", requires = "watch", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Run CMD (through the shell) for each file that arrives, with its JSON record on stdin and
    /// S3SHARE_ARRIVAL_{NAME,FROM,SAVED,KEY,SIZE} in its environment (escaped as on the terminal)
    #[arg(long, value_name = "CMD", requires = "watch")]
    pub exec: Option<String>,

    /// No desktop or terminal notification per arrival (the lines on stdout and stderr stay)
    #[arg(long, requires = "watch")]
    pub no_notify: bool,

    /// The first wait between two looks at the bucket (it grows to 15 times this while idle)
    #[arg(long, hide = true, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub watch_interval: Option<Duration>,
}

/// `--max-size`: more than 0 and at most 5 GiB.
fn parse_max_size(text: &str) -> Result<u64, String> {
    let size = parse_size(text)?;
    if size == 0 || size > MAX_POST_SIZE {
        return Err(format!(
            "'{text}' is outside what a browser upload can take: more than 0 and at most 5GiB"
        ));
    }
    Ok(size)
}

const LINKS_EXAMPLES: &str = "\
Examples:
  s3share links                 # newest first, with their state
  s3share links --check         # also whether each object is still there
  s3share links 3 --copy        # the third newest link again, on the clipboard
  s3share links --json | jq -r 'select(.state == \"live\") | .what'
  s3share links --prune         # forget expired links

Columns: number (for `links N` and `revoke --nth N`), state (live, expired, revoked, or gone
with --check), expiry (UTC), kind (download, upload, folder, request, encrypted, batch),
whether `s3share revoke` can take it back, id, and what was shared.";

const CDN_INIT_EXAMPLES: &str = "\
Examples:
  s3share cdn init --dry-run          # the plan and the bucket-policy change; nothing created
  s3share cdn init                    # key pair, key group, OAC, distribution, bucket policy
  s3share cdn init --key cloudfront.pem --distribution E1ABCDEF234567

Run again, it changes nothing: what exists (found by name, or by the public key) is reused.";

const CDN_ROTATE_EXAMPLES: &str = "\
Examples:
  s3share cdn rotate                 # new key now; the old one works 30 more days
  s3share cdn rotate                 # run after those 30 days: the old key is removed
  s3share cdn rotate --grace 0s      # the old key is removed at once: its links stop now

The old key stays in the key group until a run after the grace removes it; until then both
keys' links work, and `cdn rotate` only says when.";

/// `s3share cdn …`.
#[derive(Debug, Subcommand)]
pub enum CdnCommand {
    /// Create the key pair, key group, origin access control and distribution for the default
    /// bucket, let the distribution read the bucket, and write [cdn] into the config file
    #[command(after_long_help = CDN_INIT_EXAMPLES)]
    Init(CdnInitArgs),

    /// Whether the distribution is deployed, its domain, and whether the configured key signs
    /// for it (exit 5, after the status, when it does not)
    Status,
    /// Sign with a new key from now on; run again after --grace to remove the old key
    #[command(after_long_help = CDN_ROTATE_EXAMPLES)]
    Rotate(CdnRotateArgs),
}

/// Arguments of `s3share cdn init`.
#[derive(Debug, Args)]
pub struct CdnInitArgs {
    /// Print what would be created and the bucket-policy change, and create nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Sign with this private key (PEM: RSA-2048 or ECDSA P-256, PKCS#8, PKCS#1 or SEC1) instead
    /// of a new ECDSA P-256 key
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Attach to this existing distribution (its id) instead of creating one
    #[arg(long, value_name = "ID")]
    pub distribution: Option<String>,
}

/// Arguments of `s3share cdn rotate`.
#[derive(Debug, Args)]
pub struct CdnRotateArgs {
    /// How long links the old key signed keep working: `cdn rotate` run again after this removes
    /// the old key from the key group (0s: at once, and every old link stops)
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration, default_value = "30d")]
    pub grace: Duration,
}

/// Arguments of `s3share links`.
/// `s3share key`: the requester's key for encrypted requests (`request --encrypt`).
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Show where the key is and its fingerprint (the key itself is never printed)
    Show,
    /// Write a copy of the private key to FILE (0600), a backup or for a second machine
    Export(KeyFileArgs),
    /// Use the private key in FILE (from `key export`) from now on
    Import(KeyFileArgs),
}

/// The file `key export` writes or `key import` reads.
#[derive(Debug, Args)]
pub struct KeyFileArgs {
    /// The key file
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Replace a file (export) or a different key (import) already there: files sent to a key
    /// you replace and keep nowhere else are lost
    #[arg(long)]
    pub force: bool,
}

const KEY_EXAMPLES: &str = "\
Examples:
  s3share key show --json
  s3share key export ~/backup/s3share-request-key   # keep it safe: losing it loses the files
  s3share key import /media/usb/s3share-request-key";

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Print only the N-th newest link (1 is the newest); with --copy, copy it again
    #[arg(value_name = "N")]
    pub number: Option<usize>,

    /// The same as N, spelled as `revoke --nth` takes it
    #[arg(long, value_name = "N", conflicts_with = "number")]
    pub nth: Option<usize>,

    /// Also ask whether each live link's object is still there (HEAD, needs credentials)
    #[arg(long)]
    pub check: bool,

    /// Forget expired links
    #[arg(long, conflicts_with_all = ["number", "nth", "check"])]
    pub prune: bool,
}

/// Arguments of `s3share revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The link, or its id (shown by `s3share links`)
    #[arg(
        value_name = "LINK|ID",
        required_unless_present = "nth",
        conflicts_with = "nth"
    )]
    pub target: Option<String>,

    /// Revoke the N-th newest link of `s3share links` instead (1 is the newest); s3share says
    /// which one before it deletes anything
    #[arg(long, value_name = "N")]
    pub nth: Option<usize>,
}

/// Arguments of `s3share get`.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// A presigned URL, or s3://BUCKET/KEY (or a bare KEY in the default bucket)
    #[arg(value_name = "URL|LOCATION")]
    pub source: String,

    /// Where to save: a file, a directory, or `-` for stdout
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace an existing file
    #[arg(short, long)]
    pub force: bool,

    /// Write the folder (a folder page's link, or s3://BUCKET/PREFIX/) as one zip file, or `-`
    /// for stdout
    #[arg(long, value_name = "FILE", conflicts_with = "output")]
    pub zip: Option<PathBuf>,
}

const INSPECT_EXAMPLES: &str = "\
Examples:
  s3share inspect 'https://bucket.s3.eu-west-1.amazonaws.com/report.pdf?X-Amz-…'
  s3share inspect --check \"$URL\"     # one harmless request: does the server accept it?
  s3share inspect --json \"$URL\" | jq .expires_at

Exit codes: 0 valid (and accepted, with --check), 5 expired or rejected, 2 not a presigned URL.";

/// Arguments of `s3share inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The presigned URL (quote it: it contains `&`)
    #[arg(value_name = "URL")]
    pub url: String,

    /// Also make one request that changes nothing (GET of one byte, or HEAD) to see if the server
    /// accepts the link
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `s3share completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
