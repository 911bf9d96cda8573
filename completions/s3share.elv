
use builtin;
use str;

set edit:completion:arg-completer[s3share] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 's3share'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'s3share'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand presign 'Mint presigned URLs offline, for one key or thousands'
            cand share 'Hand out a download link for an object that exists, or an upload link'
            cand upload 'Upload files and print a download link for each'
            cand get 'Download from a presigned URL (no credentials needed) or an s3:// location'
            cand inspect 'Explain a presigned URL offline: what, where, until when, and how to use it'
            cand init 'Set up the config file interactively: profile, bucket, prefix, link lifetime'
            cand config 'Show the effective settings and where each came from'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'s3share;presign'= {
            cand -m 'HTTP method the link is for'
            cand --method 'HTTP method the link is for'
            cand -e 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --expires 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --content-type 'Content-Type signed into a PUT link; the uploader must send exactly this'
            cand --sse 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]'
            cand --sse-kms-key-id 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]'
            cand --filename 'Make browsers save the download under this file name'
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --inline 'Ask browsers to show the file instead of downloading it'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;share'= {
            cand -e 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --expires 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --content-type 'Content-Type signed into an upload link (default: guessed from the key)'
            cand --sse 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]'
            cand --sse-kms-key-id 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]'
            cand --filename 'Make browsers save the download under this file name'
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --upload 'Hand out an upload (PUT) link instead of a download link'
            cand --inline 'Ask browsers to show the file instead of downloading it'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;upload'= {
            cand --to 'Where to upload: s3://BUCKET/PREFIX/ or a prefix in the default bucket'
            cand --key 'The object key (one file only); default: the prefix plus the file name'
            cand --url 'Upload to this presigned PUT link instead (no credentials needed)'
            cand --content-type 'Content-Type of the object (default: guessed from the file name)'
            cand --sse 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]'
            cand --sse-kms-key-id 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]'
            cand -e 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --expires 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d) [env: S3SHARE_EXPIRES]'
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand -f 'Replace an existing object'
            cand --force 'Replace an existing object'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;get'= {
            cand -o 'Where to save: a file, a directory, or `-` for stdout'
            cand --output 'Where to save: a file, a directory, or `-` for stdout'
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand -f 'Replace an existing file'
            cand --force 'Replace an existing file'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;inspect'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --check 'Also make one request that changes nothing (GET of one byte, or HEAD) to see if the server accepts the link'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;init'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;config'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;completions'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;man'= {
            cand --profile 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]'
            cand --region 'AWS region to sign for [env: AWS_REGION]'
            cand --endpoint-url 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]'
            cand --color 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]'
            cand --path-style 'Use path-style addressing (automatic for IP and localhost endpoints)'
            cand --json 'Print one JSON object per line instead of bare URLs'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --copy 'Copy the link(s) to the clipboard as well'
            cand --qr 'Also draw each link as a QR code on stderr, for a phone to scan'
            cand --no-progress 'Never show progress bars'
            cand -v 'Show the cause of errors and what s3share is doing'
            cand --verbose 'Show the cause of errors and what s3share is doing'
            cand --strict 'Refuse to print a link that temporary credentials would cut short (exit 3)'
            cand --no-mask 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'s3share;help'= {
            cand presign 'Mint presigned URLs offline, for one key or thousands'
            cand share 'Hand out a download link for an object that exists, or an upload link'
            cand upload 'Upload files and print a download link for each'
            cand get 'Download from a presigned URL (no credentials needed) or an s3:// location'
            cand inspect 'Explain a presigned URL offline: what, where, until when, and how to use it'
            cand init 'Set up the config file interactively: profile, bucket, prefix, link lifetime'
            cand config 'Show the effective settings and where each came from'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'s3share;help;presign'= {
        }
        &'s3share;help;share'= {
        }
        &'s3share;help;upload'= {
        }
        &'s3share;help;get'= {
        }
        &'s3share;help;inspect'= {
        }
        &'s3share;help;init'= {
        }
        &'s3share;help;config'= {
        }
        &'s3share;help;completions'= {
        }
        &'s3share;help;man'= {
        }
        &'s3share;help;help'= {
        }
    ]
    $completions[$command]
}
