
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 's3share' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        's3share'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        's3share' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('presign', 'presign', [CompletionResultType]::ParameterValue, 'Mint presigned URLs offline, for one key or thousands')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Hand out a download link for an object that exists, or an upload link')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload files and print a download link for each')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask someone for files: one link to an upload page that works in any browser')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download from a presigned URL (no credentials needed) or an s3:// location')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Explain a presigned URL offline: what, where, until when, and how to use it')
            [CompletionResult]::new('links', 'links', [CompletionResultType]::ParameterValue, 'List the links you printed, newest first: live, expired or revoked')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take back a link made with --revocable: its private copy is deleted')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Your key for encrypted requests: show its fingerprint, export a backup, import one')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set up the config file interactively: profile, bucket, prefix, link lifetime')
            [CompletionResult]::new('cdn', 'cdn', [CompletionResultType]::ParameterValue, 'Set up and look after a CloudFront distribution for links that last a year')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective settings and where each came from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;presign' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'HTTP method the link is for')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method the link is for')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type signed into a PUT link; the uploader must send exactly this')
            [CompletionResult]::new('--sse', '--sse', [CompletionResultType]::ParameterName, 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]')
            [CompletionResult]::new('--sse-kms-key-id', '--sse-kms-key-id', [CompletionResultType]::ParameterName, 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Make browsers save the download under this file name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Ask browsers to show the file instead of downloading it')
            [CompletionResult]::new('--allow-own-space', '--allow-own-space', [CompletionResultType]::ParameterName, 'Sign PUT and DELETE links into .s3share/, s3share''s own space, too: such a link lets its holder replace or delete s3share''s pages (refused without this flag)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;share' {
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type signed into an upload link; the uploader must then send exactly it (default: none signed, any is accepted)')
            [CompletionResult]::new('--sse', '--sse', [CompletionResultType]::ParameterName, 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]')
            [CompletionResult]::new('--sse-kms-key-id', '--sse-kms-key-id', [CompletionResultType]::ParameterName, 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Make browsers save the download under this file name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--upload', '--upload', [CompletionResultType]::ParameterName, 'Hand out an upload (PUT) link instead of a download link')
            [CompletionResult]::new('--revocable', '--revocable', [CompletionResultType]::ParameterName, 'Point the link at a private copy that `s3share revoke` can delete, taking the link back')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Share a folder (s3://BUCKET/PREFIX/) end-to-end encrypted: its files are read and stored again encrypted, with their names, under a key that is only in the printed link''s #fragment; `s3share revoke` deletes the encrypted copy')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Ask browsers to show the file instead of downloading it')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;upload' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to upload: s3://BUCKET/PREFIX/, a prefix in the default bucket, or the link to a file request page (s3share request) to send the files through it without credentials')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The object key (one file only); default: the prefix plus the file name')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Upload to this presigned PUT link instead (no credentials needed)')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type of the object (default: guessed from the file name)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out files and folders (in a directory) matching this gitignore-style glob; a folder that matches is not entered (`--exclude node_modules`); repeatable')
            [CompletionResult]::new('--sse', '--sse', [CompletionResultType]::ParameterName, 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]')
            [CompletionResult]::new('--sse-kms-key-id', '--sse-kms-key-id', [CompletionResultType]::ParameterName, 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace an existing object')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing object')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'In a directory, include hidden files and folders (names starting with `.`), which are skipped by default, as in fd')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'In a directory, include hidden files and folders (names starting with `.`), which are skipped by default, as in fd')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'In a directory, include what .gitignore, .ignore and the global git excludes name, which is skipped by default, as in fd')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'In a directory, include what .gitignore, .ignore and the global git excludes name, which is skipped by default, as in fd')
            [CompletionResult]::new('--share-folder', '--share-folder', [CompletionResultType]::ParameterName, 'For a directory: print one link to a folder page instead of a link per file')
            [CompletionResult]::new('--revocable', '--revocable', [CompletionResultType]::ParameterName, 'Point each link at a private copy that `s3share revoke` can delete')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'End-to-end encrypt each file (or one DIR, as one encrypted folder): bytes and names are stored encrypted under a key that is only in the printed link''s #fragment, which browsers never send; the link opens a page that decrypts in the browser, and `s3share get LINK` decrypts too')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;request' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Stay and report each file as it arrives, until the request expires, Ctrl-C or --count; with an ID or LINK (see `s3share links`), watch a request made earlier')
            [CompletionResult]::new('--into', '--into', [CompletionResultType]::ParameterName, 'Download each file as it arrives into DIR (one folder per --for name); a restarted watch fetches nothing twice')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N files have arrived')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD (through the shell) for each file that arrives, with its JSON record on stdin and S3SHARE_ARRIVAL_{NAME,FROM,SAVED,KEY,SIZE} in its environment (escaped as on the terminal)')
            [CompletionResult]::new('--watch-interval', '--watch-interval', [CompletionResultType]::ParameterName, 'The first wait between two looks at the bucket (it grows to 15 times this while idle)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest file accepted, e.g. 500MiB or 2GiB (default and most: 5GiB, S3''s limit for one browser upload)')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Accept only this Content-Type: application/pdf, or a prefix such as audio/*')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'One page per recipient: NAME may upload only under PREFIX/NAME/; repeatable, one link per line')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --into: replace local files that s3share did not leave there')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'No desktop or terminal notification per arrival (the lines on stdout and stderr stay)')
            [CompletionResult]::new('--allow-active-content', '--allow-active-content', [CompletionResultType]::ParameterName, 'Accept a --content-type that admits what a browser runs as a page (text/html, image/svg+xml, and so image/* or text/*); files are stored as attachments either way')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt what people send, in their browser, to your request key (made on first use, `s3share key`): the bucket gets only ciphertext under random names; `get` and `--watch --into` open it here. Losing the key loses the files')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to save: a file, a directory, or `-` for stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to save: a file, a directory, or `-` for stdout')
            [CompletionResult]::new('--zip', '--zip', [CompletionResultType]::ParameterName, 'Write the folder (a folder page''s link, or s3://BUCKET/PREFIX/) as one zip file, or `-` for stdout')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;inspect' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Also make one request that changes nothing (GET of one byte, or HEAD) to see if the server accepts the link')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;links' {
            [CompletionResult]::new('--nth', '--nth', [CompletionResultType]::ParameterName, 'The same as N, spelled as `revoke --nth` takes it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Also ask whether each live link''s object is still there (HEAD, needs credentials)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Forget expired links')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;revoke' {
            [CompletionResult]::new('--nth', '--nth', [CompletionResultType]::ParameterName, 'Revoke the N-th newest link of `s3share links` instead (1 is the newest); s3share says which one before it deletes anything')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;key' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the key is and its fingerprint (the key itself is never printed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a copy of the private key to FILE (0600), a backup or for a second machine')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Use the private key in FILE (from `key export`) from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;key;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;key;export' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a file (export) or a different key (import) already there: files sent to a key you replace and keep nowhere else are lost')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;key;import' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a file (export) or a different key (import) already there: files sent to a key you replace and keep nowhere else are lost')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;key;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the key is and its fingerprint (the key itself is never printed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a copy of the private key to FILE (0600), a backup or for a second machine')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Use the private key in FILE (from `key export`) from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;key;help;show' {
            break
        }
        's3share;key;help;export' {
            break
        }
        's3share;key;help;import' {
            break
        }
        's3share;key;help;help' {
            break
        }
        's3share;init' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;cdn' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Sign with a new key from now on; run again after --grace to remove the old key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;cdn;init' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Sign with this private key (PEM: RSA-2048 or ECDSA P-256, PKCS#8, PKCS#1 or SEC1) instead of a new ECDSA P-256 key')
            [CompletionResult]::new('--distribution', '--distribution', [CompletionResultType]::ParameterName, 'Attach to this existing distribution (its id) instead of creating one')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be created and the bucket-policy change, and create nothing')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;cdn;status' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;cdn;rotate' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long links the old key signed keep working: `cdn rotate` run again after this removes the old key from the key group (0s: at once, and every old link stops)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;cdn;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Sign with a new key from now on; run again after --grace to remove the old key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;cdn;help;init' {
            break
        }
        's3share;cdn;help;status' {
            break
        }
        's3share;cdn;help;rotate' {
            break
        }
        's3share;cdn;help;help' {
            break
        }
        's3share;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region to sign for [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Use path-style addressing (automatic for IP and localhost endpoints)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line instead of bare URLs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the link(s) to the clipboard as well')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw each link as a QR code on stderr, for a phone to scan')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show the cause of errors and what s3share is doing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse to print a link that temporary credentials would cut short (exit 3)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        's3share;help' {
            [CompletionResult]::new('presign', 'presign', [CompletionResultType]::ParameterValue, 'Mint presigned URLs offline, for one key or thousands')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Hand out a download link for an object that exists, or an upload link')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload files and print a download link for each')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask someone for files: one link to an upload page that works in any browser')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download from a presigned URL (no credentials needed) or an s3:// location')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Explain a presigned URL offline: what, where, until when, and how to use it')
            [CompletionResult]::new('links', 'links', [CompletionResultType]::ParameterValue, 'List the links you printed, newest first: live, expired or revoked')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take back a link made with --revocable: its private copy is deleted')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Your key for encrypted requests: show its fingerprint, export a backup, import one')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set up the config file interactively: profile, bucket, prefix, link lifetime')
            [CompletionResult]::new('cdn', 'cdn', [CompletionResultType]::ParameterValue, 'Set up and look after a CloudFront distribution for links that last a year')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective settings and where each came from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3share;help;presign' {
            break
        }
        's3share;help;share' {
            break
        }
        's3share;help;upload' {
            break
        }
        's3share;help;request' {
            break
        }
        's3share;help;get' {
            break
        }
        's3share;help;inspect' {
            break
        }
        's3share;help;links' {
            break
        }
        's3share;help;revoke' {
            break
        }
        's3share;help;key' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the key is and its fingerprint (the key itself is never printed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a copy of the private key to FILE (0600), a backup or for a second machine')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Use the private key in FILE (from `key export`) from now on')
            break
        }
        's3share;help;key;show' {
            break
        }
        's3share;help;key;export' {
            break
        }
        's3share;help;key;import' {
            break
        }
        's3share;help;init' {
            break
        }
        's3share;help;cdn' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Sign with a new key from now on; run again after --grace to remove the old key')
            break
        }
        's3share;help;cdn;init' {
            break
        }
        's3share;help;cdn;status' {
            break
        }
        's3share;help;cdn;rotate' {
            break
        }
        's3share;help;config' {
            break
        }
        's3share;help;completions' {
            break
        }
        's3share;help;man' {
            break
        }
        's3share;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
